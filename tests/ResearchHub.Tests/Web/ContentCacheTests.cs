using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Web.CountedPages;

namespace ResearchHub.Tests.Web;

/// <summary>
/// The in-process content cache (ContentCache, keyed on the change stamp and, for the library list, on
/// the viewer's visibility): signed-in members' library pages come from it, yet each member
/// sees exactly what the visibility rule lets them see (an organisation's members their organisation's
/// resources, an author their own drafts, no one else's), and a change shows at once, on this node and
/// on another. The home page's visit cookie is read and written outside the page (each visitor their own
/// window and cookie), and a visitor carrying it gets the other pages from the output cache.
/// </summary>
public sealed class ContentCacheTests(CountedDemoHubs hubs) : IClassFixture<CountedDemoHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Each_member_sees_their_own_library_from_the_cache_and_no_one_elses(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var (first, second) = await hub.WithDbAsync(async db =>
        {
            var a = new Organisation { Name = $"Cache org A {Guid.NewGuid():N}", CreatedAt = hub.Clock.GetUtcNow() };
            var b = new Organisation { Name = $"Cache org B {Guid.NewGuid():N}", CreatedAt = hub.Clock.GetUtcNow() };
            db.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        var memberA = await CreateMemberAsync(hub, HubRoles.Member, organisationId: first);
        var colleagueA = await CreateMemberAsync(hub, HubRoles.Member, organisationId: first);
        var memberB = await CreateMemberAsync(hub, HubRoles.Member, organisationId: second);
        var tag = Guid.NewGuid().ToString("N");
        var orgOnly = await AddResourceAsync(hub, $"Org only {tag}", ResourceVisibility.Organisation, first, createdBy: null);
        var draft = await AddResourceAsync(hub, $"Own draft {tag}", ResourceVisibility.Draft, owner: null, createdBy: memberA.Id);
        var url = $"/library?q={tag}";

        var a = await SignedInClientAsync(hub, memberA.Email!, Password);
        var colleague = await SignedInClientAsync(hub, colleagueA.Email!, Password);
        var b = await SignedInClientAsync(hub, memberB.Email!, Password);
        var anonymous = hub.CreateBrowserClient();

        // Each twice: the second answer comes from the cache (fewer queries) and says the same.
        for (var round = 0; round < 2; round++)
        {
            var pageA = await GetAsync(a, url);
            Assert.Contains(orgOnly, pageA.Html);
            Assert.Contains(draft, pageA.Html);
            var pageColleague = await GetAsync(colleague, url);
            Assert.Contains(orgOnly, pageColleague.Html);
            Assert.DoesNotContain(draft, pageColleague.Html);
            var pageB = await GetAsync(b, url);
            Assert.DoesNotContain(orgOnly, pageB.Html);
            Assert.DoesNotContain(draft, pageB.Html);
            var pageAnonymous = await GetAsync(anonymous, url);
            Assert.DoesNotContain(orgOnly, pageAnonymous.Html);
            Assert.DoesNotContain(draft, pageAnonymous.Html);
        }

        // Served from the cache: the second of two equal requests runs fewer queries than the first after a change.
        await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Title == orgOnly).ExecuteUpdateAsync(s => s.SetProperty(r => r.Summary, "Changed.")));
        var uncached = Queries(await GetAsync(a, url));
        var cached = Queries(await GetAsync(a, url));
        Assert.True(cached < uncached, $"{cached} queries from the cache, {uncached} without");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_publish_an_edit_and_an_unpublish_show_on_a_members_cached_library_at_once_on_every_node(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        await using var other = new HubFactory(hub.Storage)
            .WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"))
            .WithSetting("Hub:Library:RunExtractionWorker", "false")
            .WithSetting("Hub:Diagnostics:QueryCountHeader", "true");
        await other.StartAsync();
        var member = await SignedInClientAsync(hub, (await CreateMemberAsync(hub, HubRoles.Member)).Email!, Password);
        var tag = Guid.NewGuid().ToString("N");
        var title = await AddResourceAsync(hub, $"Unpublished {tag}", ResourceVisibility.Draft, owner: null, createdBy: null);
        var url = $"/library?q={tag}";
        Assert.DoesNotContain(title, (await GetAsync(member, url)).Html);
        Assert.DoesNotContain(title, (await GetAsync(member, url)).Html);

        // Published on this node.
        await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Title == title)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Visibility, ResourceVisibility.Network).SetProperty(r => r.PublishedAt, hub.Clock.GetUtcNow())));
        Assert.Contains(title, (await GetAsync(member, url)).Html);
        Assert.Contains(title, (await GetAsync(member, url)).Html);

        // Edited on another node (SaveChanges there).
        var edited = $"Edited {tag}";
        await other.WithDbAsync(async db =>
        {
            var resource = await db.Set<Resource>().SingleAsync(r => r.Title == title);
            resource.Title = edited;
            await db.SaveChangesAsync();
        });
        var afterEdit = await GetAsync(member, url);
        Assert.Contains(edited, afterEdit.Html);
        Assert.DoesNotContain(title, afterEdit.Html);

        // Unpublished on the other node again.
        await other.WithDbAsync(db => db.Set<Resource>().Where(r => r.Title == edited).ExecuteUpdateAsync(s => s.SetProperty(r => r.Visibility, ResourceVisibility.Draft)));
        Assert.DoesNotContain(edited, (await GetAsync(member, url)).Html);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_home_visit_cookie_is_written_outside_the_page_and_each_visitor_gets_their_own(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var page = await GetAsync(hub.CreateBrowserClient(), "/");
        var now = hub.Clock.GetUtcNow().ToUnixTimeSeconds();
        var cookie = VisitCookie(page);
        Assert.NotNull(cookie);
        var parts = cookie.Split('.');
        Assert.InRange(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), now - 60, now + 1); // this visit's time
        Assert.Equal("0", parts[1]); // a first visit

        // A returning visitor (an hour after their last visit) gets the window of their own visit, and a cookie saying so.
        var last = now - 3600;
        var returning = hub.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"{HomeVisit.CookieName}={last}.0");
        using var response = await returning.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(HomeVisit.CookieName + "=", StringComparison.Ordinal));
        Assert.EndsWith($".{last}", setCookie[(HomeVisit.CookieName.Length + 1)..].Split(';')[0], StringComparison.Ordinal);

        // A new public resource shows on the home page at once.
        var tag = Guid.NewGuid().ToString("N");
        var title = await AddResourceAsync(hub, $"Home news {tag}", ResourceVisibility.Public, owner: null, createdBy: null);
        Assert.Contains(title, (await GetAsync(hub.CreateBrowserClient(), "/")).Html);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Visitors_with_a_home_visit_cookie_get_other_pages_from_the_cache(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var visitor = hub.CreateBrowserClient();
        await GetAsync(visitor, "/"); // the browser client keeps the visit cookie
        HubPage page = await GetAsync(visitor, "/library");
        for (var i = 0; i < 3 && Queries(page) > 0; i++)
        {
            page = await GetAsync(visitor, "/library");
        }

        Assert.Equal(0, Queries(page));
        Assert.Null(VisitCookie(page)); // the cookie is the home page's alone
    }

    private static string? VisitCookie(HubPage page) =>
        page.Response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(c => c.StartsWith(HomeVisit.CookieName + "=", StringComparison.Ordinal)).Select(c => c[(HomeVisit.CookieName.Length + 1)..].Split(';')[0]).SingleOrDefault()
            : null;

    private static Task<string> AddResourceAsync(HubFactory hub, string title, ResourceVisibility visibility, long? owner, string? createdBy) =>
        hub.WithDbAsync(async db =>
        {
            var now = hub.Clock.GetUtcNow();
            db.Add(new Resource
            {
                Slug = $"content-cache-{Guid.NewGuid():N}", Title = title, Summary = "A resource for the content cache's tests.",
                Visibility = visibility, OwnerOrganisationId = owner, CreatedById = createdBy, CreatedAt = now, UpdatedAt = now,
                PublishedAt = visibility == ResourceVisibility.Draft ? null : now, VersionCount = visibility == ResourceVisibility.Draft ? 0 : 1,
            });
            await db.SaveChangesAsync();
            return title;
        });
}
