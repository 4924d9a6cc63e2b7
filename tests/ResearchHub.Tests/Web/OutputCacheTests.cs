using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Web.CountedPages;

namespace ResearchHub.Tests.Web;

/// <summary>
/// The anonymous pages' output cache (AnonymousPageCachePolicy, keyed on the database's change stamp):
/// a cached page is served without the page's queries (X-Hub-Queries: 0), a change (edit, unpublish,
/// publish; through the page's own form, SaveChanges or ExecuteUpdate) shows at once, on this node
/// and on another node on the same database; the home page is cached per visit window, each visitor
/// with a visit cookie of their own; signed-in members never get the anonymous cache; pages
/// with antiforgery forms are never cached.
/// </summary>
public sealed class OutputCacheTests(CountedDemoHubs hubs) : IClassFixture<CountedDemoHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_edit_an_unpublish_and_a_publish_show_on_the_cached_anonymous_page_at_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var (id, title, slug) = await PublicResourceAsync(hub);
        var url = $"/library/{id}/{slug}";
        var anonymous = hub.CreateBrowserClient();

        Assert.Contains(title, (await CachedAsync(anonymous, url)).Html);

        // Edit through SaveChanges.
        var edited = $"Edited {Guid.NewGuid():N}";
        await hub.WithDbAsync(async db =>
        {
            var resource = await db.Set<Resource>().SingleAsync(r => r.Id == id);
            resource.Title = edited;
            await db.SaveChangesAsync();
        });
        var afterEdit = await GetAsync(anonymous, url);
        Assert.Contains(edited, afterEdit.Html);
        Assert.True(Queries(afterEdit) > 0);

        // Unpublish through the page's own form, as an administrator.
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        Assert.Contains(edited, (await CachedAsync(anonymous, url)).Html); // cached again
        using (var response = await admin.PostFormAsync(url, "form[action*='handler=Visibility']", new Dictionary<string, string> { ["Visibility"] = nameof(ResourceVisibility.Draft) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        using (var gone = await anonymous.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.NotEqual(HttpStatusCode.OK, gone.StatusCode); // a draft: not for anonymous visitors (sent to sign in)
            Assert.DoesNotContain(edited, await gone.Content.ReadAsStringAsync());
        }

        // Publish again through ExecuteUpdate (a bulk write, outside the change tracker).
        await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Visibility, ResourceVisibility.Public).SetProperty(r => r.Title, title)));
        var back = await GetAsync(anonymous, url);
        Assert.Contains(title, back.Html);
        Assert.DoesNotContain(edited, back.Html);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_anonymous_home_page_is_cached_with_each_visitors_own_cookie_and_a_publish_an_edit_and_an_unpublish_show_at_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var first = await CachedAsync(hub.CreateBrowserClient(), "/");
        var firstCookie = VisitCookie(first);
        Assert.NotNull(firstCookie);

        // Another first visitor, a second later, from the cache: one visit cookie, their own (this visit's time), never the stored one.
        await Task.Delay(TimeSpan.FromMilliseconds(1100));
        var second = await CachedAsync(hub.CreateBrowserClient(), "/");
        var secondCookie = VisitCookie(second);
        Assert.NotNull(secondCookie);
        Assert.EndsWith(".0", secondCookie, StringComparison.Ordinal); // a first visit
        Assert.True(long.Parse(secondCookie.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(firstCookie.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture), $"{secondCookie} is not later than {firstCookie}");

        // A returning visitor's window (their last visit an hour ago) is theirs: "new since your last visit", their own cookie.
        var last = hub.Clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds();
        var returning = await CachedWithCookieAsync(hub, $"{HomeVisit.CookieName}={last}.0");
        Assert.Contains("New since your last visit", returning.Html);
        Assert.EndsWith($".{last}", VisitCookie(returning), StringComparison.Ordinal);

        // Published: on the cached home page at once.
        var (id, title, _) = await PublicResourceAsync(hub);
        var afterPublish = await GetAsync(hub.CreateBrowserClient(), "/");
        Assert.Contains(title, afterPublish.Html);
        Assert.True(Queries(afterPublish) > 0);
        Assert.Contains(title, (await CachedAsync(hub.CreateBrowserClient(), "/")).Html);

        // Edited.
        var edited = $"Edited home {Guid.NewGuid():N}";
        await hub.WithDbAsync(async db =>
        {
            var resource = await db.Set<Resource>().SingleAsync(r => r.Id == id);
            resource.Title = edited;
            await db.SaveChangesAsync();
        });
        var afterEdit = await GetAsync(hub.CreateBrowserClient(), "/");
        Assert.Contains(edited, afterEdit.Html);
        Assert.DoesNotContain(title, afterEdit.Html);
        Assert.Contains(edited, (await CachedAsync(hub.CreateBrowserClient(), "/")).Html);

        // Unpublished (back to a draft).
        await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Visibility, ResourceVisibility.Draft)));
        Assert.DoesNotContain(edited, (await GetAsync(hub.CreateBrowserClient(), "/")).Html);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_change_made_on_another_node_shows_on_this_nodes_cached_page_at_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        // A second node: its own host, cache and memory, on the same database and files.
        await using var other = new HubFactory(hub.Storage)
            .WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"))
            .WithSetting("Hub:Library:RunExtractionWorker", "false")
            .WithSetting("Hub:Diagnostics:QueryCountHeader", "true");
        await other.StartAsync();
        var (id, title, slug) = await PublicResourceAsync(hub);
        var url = $"/library/{id}/{slug}";
        var anonymous = hub.CreateBrowserClient();
        await CachedAsync(anonymous, url);

        var edited = $"Edited elsewhere {Guid.NewGuid():N}";
        await other.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Title, edited)));

        Assert.Contains(edited, (await GetAsync(anonymous, url)).Html);
        await other.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Title, title)));
        Assert.Contains(title, (await GetAsync(anonymous, url)).Html);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Signed_in_members_are_never_served_the_anonymous_cache(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var anonymous = hub.CreateBrowserClient();
        var member = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Member)).Email!, Password);
        foreach (var url in new[] { "/library", "/search?q=evaluation", "/meetings" })
        {
            var cached = await CachedAsync(anonymous, url);
            Assert.Null(cached.Document.QuerySelector("form[action='/account/sign-out']"));

            for (var i = 0; i < 2; i++)
            {
                var signedIn = await GetAsync(member, url);
                Assert.True(Queries(signedIn) > 0, $"{url} signed in came from the cache");
                Assert.NotNull(signedIn.Document.QuerySelector("form[action='/account/sign-out']"));
            }

            // And what a member saw is not served to anonymous visitors.
            Assert.Null((await GetAsync(anonymous, url)).Document.QuerySelector("form[action='/account/sign-out']"));
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Anonymous_pages_with_antiforgery_forms_are_never_cached_and_still_work(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var first = await GetAsync(hub.CreateBrowserClient(), "/account/sign-in");
        var second = await GetAsync(hub.CreateBrowserClient(), "/account/sign-in");
        string Token(HubPage page) => page.Document.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        Assert.NotEqual(Token(first), Token(second)); // each visitor their own token: not one cached page
        Assert.True(second.Response.Headers.Contains("Set-Cookie"));

        // A fresh visitor signs in through the form.
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        await SignedInClientAsync(hub, member.Email!, Password);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_home_page_and_the_library_list_run_as_many_queries_with_more_resources(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        // Signed in: never from the output cache; and each count is taken right after a write, so nothing
        // comes from the content cache either (every request runs the page's queries, in the same order).
        var member = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Member)).Email!, Password);
        foreach (var url in new[] { "/", "/library" })
        {
            await GetAsync(member, url); // warm: the sign-in's own first look-ups
        }

        await AddResourcesAsync(hub, 1);
        var before = new Dictionary<string, int>();
        foreach (var url in new[] { "/", "/library" })
        {
            before[url] = Queries(await GetAsync(member, url));
        }

        await AddResourcesAsync(hub, 25);

        foreach (var url in new[] { "/", "/library" })
        {
            var after = Queries(await GetAsync(member, url));
            Assert.True(after <= before[url], $"{url}: {before[url]} queries before, {after} with 25 more resources (an N+1?)");
        }
    }

    /// <summary>
    /// The page as the cache serves it: requested until an answer ran none of the page's queries (the
    /// second request, unless the clock's minute turned or a background job wrote in between).
    /// </summary>
    private static async Task<HubPage> CachedAsync(HttpClient client, string url)
    {
        var page = await GetAsync(client, url);
        for (var i = 0; i < 3 && Queries(page) > 0; i++)
        {
            page = await GetAsync(client, url);
        }

        Assert.Equal(0, Queries(page));
        return page;
    }

    /// <summary>The home page as the cache serves it to a visitor bringing <paramref name="cookie"/>.</summary>
    private static async Task<HubPage> CachedWithCookieAsync(HubFactory hub, string cookie)
    {
        HubPage? page = null;
        for (var i = 0; i < 4 && (page is null || Queries(page) > 0); i++)
        {
            var client = hub.CreateBrowserClient();
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            page = await GetAsync(client, "/");
        }

        Assert.Equal(0, Queries(page!));
        return page!;
    }

    private static string? VisitCookie(HubPage page) =>
        page.Response.Headers.TryGetValues("Set-Cookie", out var values)
            ? Assert.Single(values, c => c.StartsWith(HomeVisit.CookieName + "=", StringComparison.Ordinal))[(HomeVisit.CookieName.Length + 1)..].Split(';')[0]
            : null;

    /// <summary>A public resource of its own (tests in the class share the hub).</summary>
    private static async Task<(long Id, string Title, string Slug)> PublicResourceAsync(HubFactory hub) =>
        (await AddResourcesAsync(hub, 1))[0];

    private static Task<List<(long Id, string Title, string Slug)>> AddResourcesAsync(HubFactory hub, int n) =>
        hub.WithDbAsync(async db =>
        {
            var now = hub.Clock.GetUtcNow();
            var organisation = await db.Set<ResearchHub.Accounts.Domain.Organisation>().Select(o => (long?)o.Id).FirstOrDefaultAsync();
            var terms = await db.Set<VocabularyTerm>().Select(t => t.Id).Take(3).ToListAsync();
            var added = Enumerable.Range(0, n).Select(i =>
            {
                var tag = Guid.NewGuid().ToString("N");
                var resource = new Resource
                {
                    Slug = $"cached-{tag}", Title = $"Cache test {tag}", Summary = "An evaluation of local area coordination.",
                    Visibility = ResourceVisibility.Public, OwnerOrganisationId = organisation, CreatedAt = now, UpdatedAt = now, PublishedAt = now, VersionCount = 1,
                };
                resource.Authors.Add(new ResourceAuthor { Position = 0, Name = $"Author {i}" });
                resource.Authors.Add(new ResourceAuthor { Position = 1, Name = $"Second author {i}" });
                foreach (var term in terms)
                {
                    resource.Terms.Add(new ResourceTerm { TermId = term });
                }

                if (organisation is { } o)
                {
                    resource.Organisations.Add(new ResourceOrganisation { OrganisationId = o });
                }

                return resource;
            }).ToList();
            db.AddRange(added);
            await db.SaveChangesAsync();
            return added.Select(r => (r.Id, r.Title, r.Slug)).ToList();
        });
}
