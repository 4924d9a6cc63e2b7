using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Web;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Pages;

/// <summary>
/// The home page's dashboard on the demo network: what needs the member (the open date poll, the
/// questionnaire before the next meeting, the report in review), what is next (the next meeting), what is new (counted since the last visit,
/// kept in a cookie); anonymous visitors get the public equivalent.
/// </summary>
public sealed class HomeDashboardTests(DemoHubs hubs) : IClassFixture<DemoHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_signed_in_organiser_sees_what_needs_them_what_is_next_and_what_is_new(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var client = await SignedInClientAsync(hub, organiser.Email!, Password);
        var (last, next) = await hub.WithDbAsync(async db => (
            await db.Set<Meeting>().Where(m => m.Uid == "lac-research-last@researchhub").Select(m => m.Id).SingleAsync(),
            await db.Set<Meeting>().Where(m => m.Uid == "lac-research-2018-autumn@researchhub").Select(m => m.Id).SingleAsync()));
        var poll = await hub.WithDbAsync(db => db.Set<DatePoll>().Where(p => p.Status == PollStatus.Open && p.MeetingId == next).Select(p => p.Id).FirstAsync());

        var home = await client.GetDocumentAsync("/");

        var needs = home.QuerySelector("main section[aria-labelledby=home-needs-you]");
        Assert.NotNull(needs);
        Assert.NotNull(needs.QuerySelector($"a[href='/meetings/polls/{poll}']"));
        Assert.NotNull(needs.QuerySelector($"a[href='/meetings/{last}/report']"));
        // The next meeting's pre-meeting questionnaire, open from the day the recipe ran.
        Assert.NotNull(needs.QuerySelector($"ul[aria-labelledby=home-questionnaires] a[href='/meetings/{next}/questionnaire']"));
        Assert.Equal("1", needs.QuerySelector("#home-questionnaires .count")?.TextContent.Trim());
        Assert.Matches(@"^\d+$", needs.QuerySelector("#home-reports .count")?.TextContent.Trim());
        var whatNext = home.QuerySelector("main section[aria-labelledby=home-next]");
        Assert.NotNull(whatNext?.QuerySelector($"a[href='/meetings/{next}']"));
        Assert.Null(whatNext!.QuerySelector($"a[href='/meetings/{last}']")); // past
        var fresh = home.QuerySelector("main section[aria-labelledby=home-new]");
        Assert.Equal("Recently added", fresh?.QuerySelector("h2")?.TextContent.Trim());
        // The demo's resources were published when the recipe ran: all new within the first visit's 30 days.
        Assert.Matches(@"^[1-9]\d* new$", fresh!.QuerySelector("#home-library .count")?.TextContent.Trim());
        Assert.NotEmpty(fresh.QuerySelectorAll("ul[aria-labelledby=home-library] a[href^='/library/']"));
        Assert.Matches(@"^[1-9]\d* new$", fresh.QuerySelector("#home-codebooks .count")?.TextContent.Trim());
        // The dashboard comes before the introduction and the page cards.
        var order = home.QuerySelectorAll("main section, main .prose").Select(e => e.GetAttribute("aria-labelledby") ?? "prose").ToList();
        Assert.True(order.IndexOf("home-new") < order.IndexOf("prose"), string.Join(", ", order));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Anonymous_visitors_get_the_public_dashboard_without_network_meetings_or_anything_to_do(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var next = await hub.WithDbAsync(db => db.Set<Meeting>().Where(m => m.Uid == "lac-research-2018-autumn@researchhub").Select(m => m.Id).SingleAsync());

        var home = await hub.CreateBrowserClient().GetDocumentAsync("/");

        Assert.Null(home.QuerySelector("main section[aria-labelledby=home-needs-you]"));
        Assert.NotNull(home.QuerySelector("main section[aria-labelledby=home-next]"));
        Assert.Null(home.QuerySelector($"main a[href='/meetings/{next}']")); // a network meeting
        Assert.Null(home.QuerySelector("#home-groups")); // groups are for members
        Assert.NotNull(home.QuerySelector("main section[aria-labelledby=home-new] #home-library"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task New_since_the_last_visit_starts_at_the_last_visit_and_holds_while_the_visitor_stays(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var now = hub.Clock.GetUtcNow().ToUnixTimeSeconds();

        // Back after two hours: "new" starts at the last visit.
        var (heading, cookie) = await VisitAsync(hub, $"{now - 7200}.{now - 10800}");
        Assert.Equal("New since your last visit", heading);
        Assert.Equal(now - 7200, cookie.Since);
        Assert.InRange(cookie.Last, now - 5, now + 60);

        // Five minutes after the last page: the same visit, the window does not move.
        (heading, cookie) = await VisitAsync(hub, $"{now - 300}.{now - 10800}");
        Assert.Equal("New since your last visit", heading);
        Assert.Equal(now - 10800, cookie.Since);

        // No cookie, or one that cannot be read: a first visit, and a reload during it stays one.
        foreach (var value in new[] { null, "garbage", $"{now + 99999}.{now}", $"{now}.{now + 5}", $"{now - 300}.0" })
        {
            (heading, cookie) = await VisitAsync(hub, value);
            Assert.Equal("Recently added", heading);
            Assert.Equal(0, cookie.Since);
        }

        // Back after the first visit: "new" starts where it ended.
        (heading, cookie) = await VisitAsync(hub, $"{now - 7200}.0");
        Assert.Equal("New since your last visit", heading);
        Assert.Equal(now - 7200, cookie.Since);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task New_group_threads_are_counted_only_in_the_groups_the_member_may_read(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        // In no group: the demo's threads are not theirs to read, so not theirs to count.
        Assert.Null((await client.GetDocumentAsync("/")).QuerySelector("#home-groups"));

        var group = await hub.WithDbAsync(async db =>
        {
            var g = await db.Set<MailingGroup>().SingleAsync(x => x.Slug == "story-coding");
            db.Set<GroupMembership>().Add(new GroupMembership { GroupId = g.Id, UserId = member.Id, Status = MembershipStatus.Active, CreatedAt = hub.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
            return g;
        });
        var threads = await hub.WithDbAsync(db => db.Set<GroupPost>().CountAsync(p => p.GroupId == group.Id && p.ThreadId == null && p.Status == PostStatus.Published));
        Assert.True(threads > 0);

        // A reload during the first visit: still the first visit's window.
        var home = await client.GetDocumentAsync("/");
        Assert.Equal($"{threads} new", home.QuerySelector("#home-groups .count")?.TextContent.Trim());
        Assert.All(home.QuerySelectorAll("ul[aria-labelledby=home-groups] a"),
            a => Assert.StartsWith("/groups/story-coding/threads/", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_new_column_kept_in_the_content_cache_is_each_members_own_and_a_change_shows_at_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var reader = await CreateMemberAsync(hub, HubRoles.Member);
        var outsider = await CreateMemberAsync(hub, HubRoles.Member);
        var readerClient = await SignedInClientAsync(hub, reader.Email!, Password);
        var outsiderClient = await SignedInClientAsync(hub, outsider.Email!, Password);
        var group = await hub.WithDbAsync(db => db.Set<MailingGroup>().SingleAsync(x => x.Slug == "story-coding"));
        async Task JoinAsync(string userId) => await hub.WithDbAsync(async db =>
        {
            db.Set<GroupMembership>().Add(new GroupMembership { GroupId = group.Id, UserId = userId, Status = MembershipStatus.Active, CreatedAt = hub.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        async Task<string?> GroupsCountAsync(HttpClient client) => (await client.GetDocumentAsync("/")).QuerySelector("#home-groups .count")?.TextContent.Trim();

        await JoinAsync(reader.Id);
        var threads = await hub.WithDbAsync(db => db.Set<GroupPost>().CountAsync(p => p.GroupId == group.Id && p.ThreadId == null && p.Status == PostStatus.Published));

        // Requested in turns, each twice (the second from the content cache): each member their own column.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal($"{threads} new", await GroupsCountAsync(readerClient));
            Assert.Null(await GroupsCountAsync(outsiderClient));
        }

        // The outsider joins: theirs at once.
        await JoinAsync(outsider.Id);
        Assert.Equal($"{threads} new", await GroupsCountAsync(outsiderClient));

        // A new thread: on both members' home pages at once.
        var subject = $"Cached home thread {Guid.NewGuid():N}";
        await hub.WithDbAsync(async db =>
        {
            var now = hub.Clock.GetUtcNow();
            db.Set<GroupPost>().Add(new GroupPost { GroupId = group.Id, AuthorId = reader.Id, Subject = subject, Body = "New.", Status = PostStatus.Published, CreatedAt = now, PublishedAt = now });
            await db.SaveChangesAsync();
        });
        foreach (var client in new[] { readerClient, outsiderClient })
        {
            var home = await client.GetDocumentAsync("/");
            Assert.Equal($"{threads + 1} new", home.QuerySelector("#home-groups .count")?.TextContent.Trim());
            Assert.Contains(subject, home.QuerySelector("ul[aria-labelledby=home-groups]")!.TextContent);
        }
    }

    private static async Task<(string? Heading, (long Last, long Since) Cookie)> VisitAsync(HubFactory hub, string? cookie)
    {
        using var client = hub.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{HomeVisit.CookieName}={cookie}");
        }

        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(HomeVisit.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        var parts = setCookie[(HomeVisit.CookieName.Length + 1)..].Split(';')[0].Split('.');
        var html = await response.Content.ReadAsStringAsync();
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        return (document.QuerySelector("main section[aria-labelledby=home-new] h2")?.TextContent.Trim(),
            (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture)));
    }
}
