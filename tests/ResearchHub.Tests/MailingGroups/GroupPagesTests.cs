using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.MailingGroups;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// The pages as people use them: an administrator creates a group; a member joins, chooses daily
/// delivery and starts a thread; the administrator sees the delivery log, the members' modes and a
/// preview of the member's next digest, and sends it to themselves. A non-member sees no posts.
/// </summary>
public sealed class GroupPagesTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Admin_creates_member_joins_posts_and_admin_previews_the_digest(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock).WithPickupMail();
        await hub.StartAsync();
        var admin = await SignInAdminAsync(hub);
        using (var created = await admin.PostFormAsync("/admin/groups", new Dictionary<string, string>
        {
            ["Input.Name"] = "Story coding", ["Input.Slug"] = "story-coding", ["Input.Post"] = "Members",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var member = await CreateUserAsync(hub, HubRoles.Member, null);
        var outsider = await CreateUserAsync(hub, HubRoles.Member, null);
        var reader = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await hub.WithDbAsync(db => db.Set<MailingGroup>().Where(g => g.Slug == "story-coding").Select(g => g.Id).SingleAsync());
        await AddMemberAsync(hub, groupId, reader.Id);
        clock.Advance(TimeSpan.FromMinutes(1));
        var client = await SignInAsync(hub, member);
        Assert.Contains("Story coding", (await client.GetPageAsync(MailingGroupsUrls.Index)).Html, StringComparison.Ordinal);
        using (var join = await client.PostFormAsync("/groups/story-coding", new Dictionary<string, string>(), "form[action*='handler=Join']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, join.StatusCode);
        }

        using (var mode = await client.PostFormAsync("/groups/story-coding", new Dictionary<string, string> { ["mode"] = "Daily" }, "form[action*='handler=Mode']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, mode.StatusCode);
        }

        using (var thread = await client.PostFormAsync("/groups/story-coding", new Dictionary<string, string>
        {
            ["Input.Subject"] = "Coding change stories", ["Input.Body"] = "Shall we compare codes?",
        }, "form[action*='handler=Thread']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, thread.StatusCode);
            Assert.Contains("/groups/story-coding/threads/", thread.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var archive = await client.GetPageAsync("/groups/story-coding?q=change");
        Assert.Contains("Coding change stories", archive.Html, StringComparison.Ordinal);
        Assert.Contains("Daily digest", (await client.GetPageAsync(MailingGroupsUrls.MySubscriptions)).Html, StringComparison.Ordinal);

        var outsiderPage = await (await SignInAsync(hub, outsider)).GetPageAsync("/groups/story-coding");
        Assert.DoesNotContain("Coding change stories", outsiderPage.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync(MailingGroupsUrls.Admin)).Response.StatusCode);
        Assert.Contains(member.Email!, (await admin.GetPageAsync(MailingGroupsUrls.AdminGroup("story-coding"))).Html, StringComparison.Ordinal);

        // The preview of another member's next digest (the period still running: what it holds so far).
        clock.Advance(TimeSpan.FromMinutes(1));
        var preview = await admin.GetPageAsync(MailingGroupsUrls.Preview("story-coding", reader.Id));
        Assert.Equal(HttpStatusCode.OK, preview.Response.StatusCode);
        Assert.Contains("Coding change stories", preview.Html, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe-Post", preview.Html, StringComparison.Ordinal);
        using (var sent = await admin.PostFormAsync(MailingGroupsUrls.Preview("story-coding", reader.Id), new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        Assert.Equal(1, await hub.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == DigestService.PreviewKind && m.To == HubFactory.AdminEmail)));
    }
}
