using System.Net;
using System.Net.Http.Headers;
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
/// Signed-in members' output cache (MemberPageCachePolicy): each browser (its sign-in and antiforgery
/// cookies) and each API token gets entries of its own; a repeat is served from the cache (the
/// same antiforgery token in the page's forms, none of the page's queries, only the session check);
/// a change shows at once, a revoked session or a role change (which ends the member's sessions) is
/// never served the cached page, a message shown once is not served again, and each browser's forms post.
/// </summary>
public sealed class MemberOutputCacheTests(CountedDemoHubs hubs) : IClassFixture<CountedDemoHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_members_asking_the_same_pages_in_turns_each_get_their_own_page_from_the_cache(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var alice = await CreateMemberAsync(hub, HubRoles.Member);
        var bob = await CreateMemberAsync(hub, HubRoles.Member);
        var (_, title, _) = await DraftAsync(hub, alice.Id);
        var aliceName = $"Alice {Guid.NewGuid():N}";
        await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == alice.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, aliceName)));
        var aliceClient = await SignedInClientAsync(hub, alice.Email!, Password);
        var bobClient = await SignedInClientAsync(hub, bob.Email!, Password);

        foreach (var url in new[] { "/library", "/" })
        {
            for (var turn = 0; turn < 2; turn++)
            {
                // Alice's draft on the library list, her name in the header; neither on Bob's.
                var expected = url == "/library" ? title : aliceName;
                var a = await MemberCachedAsync(aliceClient, url);
                Assert.Contains(expected, a.Html);
                var b = await MemberCachedAsync(bobClient, url);
                Assert.DoesNotContain(expected, b.Html);
                Assert.Contains("Test Member", b.Html);
                Assert.NotEqual(SignOutToken(a), SignOutToken(b));
                // Kept private by browsers and proxies.
                Assert.Contains("no-store", b.Response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_edit_and_a_membership_change_show_on_a_members_cached_page_at_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await hub.WithDbAsync(async db =>
        {
            var o = new Organisation { Name = $"Org {Guid.NewGuid():N}", CreatedAt = hub.Clock.GetUtcNow() };
            db.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var member = await CreateMemberAsync(hub, HubRoles.Member, organisationId: organisation);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var (id, title, _) = await DraftAsync(hub, createdBy: null, organisation, ResourceVisibility.Organisation);
        Assert.Contains(title, (await MemberCachedAsync(client, "/library")).Html);

        var edited = $"Edited for members {Guid.NewGuid():N}";
        await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Title, edited)));
        Assert.Contains(edited, (await GetAsync(client, "/library")).Html);
        Assert.Contains(edited, (await MemberCachedAsync(client, "/library")).Html);

        // Out of the organisation: its resource is gone from the page at once.
        await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganisationId, (long?)null)));
        Assert.DoesNotContain(edited, (await GetAsync(client, "/library")).Html);
        Assert.DoesNotContain(edited, (await MemberCachedAsync(client, "/library")).Html);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_second_browser_of_the_same_member_gets_its_own_tokens_and_its_forms_post(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var first = hub.CreateBrowserClient();
        string auth;
        using (var signIn = await PostSignInAsync(first, member.Email!, Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            auth = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hub.auth=", StringComparison.Ordinal)).Split(';')[0];
        }

        var firstPage = await MemberCachedAsync(first, "/library");

        // The same sign-in cookie in another browser, which has no antiforgery cookie yet.
        var second = hub.CreateBrowserClient();
        second.DefaultRequestHeaders.Add("Cookie", auth);
        var issued = await GetAsync(second, "/library");
        Assert.Contains(issued.Response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hub.antiforgery", StringComparison.Ordinal));
        Assert.NotNull(issued.Document.QuerySelector("form[action='/account/sign-out']"));
        var secondPage = await MemberCachedAsync(second, "/library");
        Assert.NotEqual(SignOutToken(firstPage), SignOutToken(secondPage));

        // The second browser's form, from its cached page, posts: signing out works.
        using (var signOut = await second.PostFormAsync("/library", "form[action='/account/sign-out']", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        // That ended the session the cookie belongs to: the first browser is not served its cached page either.
        var after = await first.GetPageAsync("/library");
        Assert.Null(after.Document.QuerySelector("form[action='/account/sign-out']"));
        Assert.DoesNotContain(SignOutToken(firstPage), after.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_role_change_ends_the_members_sessions_and_the_cached_page_is_not_served(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var cached = await MemberCachedAsync(client, "/library");

        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        using (var response = await admin.PostFormAsync("/admin/members", $"form[action*='handler=Role'][action*='{member.Id}']", new Dictionary<string, string> { ["role"] = HubRoles.Organiser }))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var after = await client.GetPageAsync("/library");
        Assert.Null(after.Document.QuerySelector("form[action='/account/sign-out']"));
        Assert.DoesNotContain(SignOutToken(cached), after.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_message_shown_once_is_not_served_again_from_the_cache(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var (id, _, slug) = await DraftAsync(hub, createdBy: null, organisation: null, ResourceVisibility.Public);
        var url = $"/library/{id}/{slug}";
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        await MemberCachedAsync(admin, url);

        using (var response = await admin.PostFormAsync(url, "form[action*='handler=Visibility']", new Dictionary<string, string> { ["Visibility"] = nameof(ResourceVisibility.Network) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        const string Message = "The resource is published.";
        Assert.Contains(Message, (await GetAsync(admin, url)).Html);
        Assert.DoesNotContain(Message, (await GetAsync(admin, url)).Html);
        Assert.DoesNotContain(Message, (await MemberCachedAsync(admin, url)).Html);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_api_tokens_get_their_own_answers_and_a_revoked_token_is_refused(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var alice = await CreateMemberAsync(hub, HubRoles.Member);
        var bob = await CreateMemberAsync(hub, HubRoles.Member);
        var (_, title, _) = await DraftAsync(hub, alice.Id);
        var aliceToken = await ResearchHub.Tests.Library.LibraryTestHelpers.CreateTokenAsync(hub, alice, false, "read");
        var bobToken = await ResearchHub.Tests.Library.LibraryTestHelpers.CreateTokenAsync(hub, bob, false, "read");
        var otherScope = await ResearchHub.Tests.Library.LibraryTestHelpers.CreateTokenAsync(hub, alice, false, "meetings:read");
        const string Url = "/api/v1/resources?pageSize=100";

        for (var turn = 0; turn < 3; turn++)
        {
            var a = await ApiAsync(hub, aliceToken, Url);
            Assert.Equal(HttpStatusCode.OK, a.Status);
            Assert.Contains(title, a.Body, StringComparison.Ordinal);
            var b = await ApiAsync(hub, bobToken, Url);
            Assert.Equal(HttpStatusCode.OK, b.Status);
            Assert.DoesNotContain(title, b.Body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await ApiAsync(hub, otherScope, Url)).Status);
        }

        // Served from the cache: no more than the token's own look-ups.
        var uncached = await ApiAsync(hub, aliceToken, Url, noCache: true);
        var cached = await ApiAsync(hub, aliceToken, Url);
        Assert.True(cached.Queries <= uncached.Queries, $"{cached.Queries} queries from the cache, {uncached.Queries} fresh");
        Assert.True(cached.FromCache, "not served from the cache");
        Assert.False(uncached.FromCache, "a request with Cache-Control: no-cache was served from the cache");
        Assert.Equal(uncached.Body, cached.Body);

        await hub.WithDbAsync(db => db.Set<ApiToken>().Where(t => t.UserId == alice.Id).ExecuteDeleteAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(hub, aliceToken, Url)).Status);
    }

    /// <summary>
    /// A signed-in page as the cache serves it: requested until two answers in a row carry the same
    /// antiforgery token in the sign-out form (a fresh render makes a new one) and the second ran fewer queries.
    /// </summary>
    private static async Task<HubPage> MemberCachedAsync(HttpClient client, string url)
    {
        var previous = await GetAsync(client, url);
        for (var i = 0; i < 4; i++)
        {
            var page = await GetAsync(client, url);
            if (SignOutToken(page) == SignOutToken(previous))
            {
                Assert.True(Queries(page) <= Queries(previous), $"{url}: {Queries(page)} queries from the cache, {Queries(previous)} fresh");
                Assert.NotNull(page.Response.Headers.Age); // the output cache's mark on what it serves
                return page;
            }

            previous = page;
        }

        Assert.Fail($"{url} was never served from the members' cache (last answer's headers: {previous.Response.Headers}{previous.Response.Content.Headers})");
        return previous;
    }

    private static string SignOutToken(HubPage page) =>
        (page.Document.QuerySelector("form[action='/account/sign-out'] input[name='__RequestVerificationToken']")
            ?? throw new InvalidOperationException("Not a signed-in page.")).GetAttribute("value")!;

    private static async Task<(HttpStatusCode Status, string Body, int Queries, bool FromCache)> ApiAsync(HubFactory hub, string token, string url, bool noCache = false)
    {
        using var client = hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (noCache)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }

        using var response = await client.SendAsync(request);
        var queries = response.Headers.TryGetValues(QueryCounter.Header, out var values) ? int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : -1;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), queries, response.Headers.Age is not null);
    }

    /// <summary>A resource of its own: a draft by <paramref name="createdBy"/> unless told otherwise.</summary>
    private static Task<(long Id, string Title, string Slug)> DraftAsync(HubFactory hub, string? createdBy, long? organisation = null, ResourceVisibility visibility = ResourceVisibility.Draft) =>
        hub.WithDbAsync(async db =>
        {
            var now = hub.Clock.GetUtcNow();
            var tag = Guid.NewGuid().ToString("N");
            var resource = new Resource
            {
                Slug = $"member-cache-{tag}", Title = $"Member cache {tag}", Summary = "An evaluation of local area coordination.",
                Visibility = visibility, OwnerOrganisationId = organisation, CreatedById = createdBy, CreatedAt = now, UpdatedAt = now,
                PublishedAt = visibility == ResourceVisibility.Draft ? null : now, VersionCount = visibility == ResourceVisibility.Draft ? 0 : 1,
            };
            resource.Authors.Add(new ResourceAuthor { Position = 0, Name = "Author" });
            db.Add(resource);
            await db.SaveChangesAsync();
            return (resource.Id, resource.Title, resource.Slug);
        });
}
