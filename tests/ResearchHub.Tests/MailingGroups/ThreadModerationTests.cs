using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.MailingGroups;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// Threads as people expect, through the pages: a request to join reaches the moderators by email
/// and the requester hears the decision; a held post reaches the moderators, and a rejection's
/// reason reaches its author; the author edits their post (search follows, the thread says
/// "edited") and quotes a post into a reply; another member may neither edit nor delete it; a
/// moderator deletes the thread, its replies and files, and search forgets them.
/// </summary>
public sealed class ThreadModerationTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Moderators_hear_of_requests_and_held_posts_authors_hear_decisions_and_posts_are_edited_quoted_and_deleted(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock).WithPickupMail();
        await hub.StartAsync();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var moderator = await CreateUserAsync(hub, HubRoles.Member, null);
        var author = await CreateUserAsync(hub, HubRoles.Member, null);
        var other = await CreateUserAsync(hub, HubRoles.Member, null);
        var requester = await CreateUserAsync(hub, HubRoles.Member, null);
        var slug = $"mod-{word}";
        var groupId = await hub.WithScopeAsync(async sp =>
            (await sp.GetRequiredService<GroupService>().CreateAsync($"Moderated {word}", slug, "", JoinPolicy.Approval, PostPolicy.Members, true, "", default)).Id!.Value);
        await AddMemberAsync(hub, groupId, moderator.Id, moderator: true);
        await AddMemberAsync(hub, groupId, author.Id);
        await AddMemberAsync(hub, groupId, other.Id);
        var mod = await SignInAsync(hub, moderator);

        // A request to join reaches the moderator; declining it tells the requester.
        using (var join = await (await SignInAsync(hub, requester)).PostFormAsync(MailingGroupsUrls.Group(slug), new Dictionary<string, string>(), "form[action*='handler=Join']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, join.StatusCode);
        }

        var request = Assert.Single(await MailAsync(hub, moderator.Email!));
        Assert.Contains("asks to join", request.Subject, StringComparison.Ordinal);
        using (var decline = await mod.PostFormAsync(MailingGroupsUrls.Group(slug), new Dictionary<string, string> { ["approve"] = "false" }, "form[action*='handler=DecideMember']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);
        }

        Assert.Equal($"[Moderated {word}] Your request to join was declined", Assert.Single(await MailAsync(hub, requester.Email!)).Subject);
        Assert.False(await hub.WithDbAsync(db => db.Set<GroupMembership>().AnyAsync(m => m.GroupId == groupId && m.UserId == requester.Id)));

        // A held post reaches the moderator; rejecting it with a reason tells the author why.
        var writer = await SignInAsync(hub, author);
        using (var held = await writer.PostFormAsync(MailingGroupsUrls.Group(slug), new Dictionary<string, string> { ["Input.Subject"] = "First try", ["Input.Body"] = "Too short." }, "form[action*='handler=Thread']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        }

        var heldId = await hub.WithDbAsync(db => db.Set<GroupPost>().Where(p => p.Subject == "First try").Select(p => p.Id).SingleAsync());
        Assert.Contains(await MailAsync(hub, moderator.Email!), m => m.Subject == $"[Moderated {word}] Post waiting for approval: First try" && m.TextBody.Contains("Too short.", StringComparison.Ordinal));
        using (var reject = await mod.PostFormAsync(MailingGroupsUrls.Group(slug), new Dictionary<string, string> { ["postId"] = $"{heldId}", ["approve"] = "false", ["reason"] = "Please say what the figures show." },
            "form[action*='handler=Moderate']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, reject.StatusCode);
        }

        var rejected = Assert.Single(await MailAsync(hub, author.Email!));
        Assert.Equal($"[Moderated {word}] Your post was not published: First try", rejected.Subject);
        Assert.Contains("Please say what the figures show.", rejected.TextBody, StringComparison.Ordinal);

        // The next post is approved; the author edits it: the thread and search show the new words.
        var threadId = await PostAsync(hub, groupId, moderator.Id, $"Figures {word}", "The March figures are in.");
        using (var edit = await writer.GetAsync(new Uri(MailingGroupsUrls.EditPost(slug, threadId), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode); // not the author's post
        }

        var replyId = await PostAsync(hub, groupId, author.Id, "", "Contacts rose in Derby.", threadId);
        var group = await hub.WithDbAsync(db => db.Set<MailingGroup>().AsNoTracking().SingleAsync(g => g.Id == groupId));
        Assert.True((await hub.WithScopeAsync(sp => sp.GetRequiredService<GroupService>().ModerateAsync(group, replyId, true, null, default))).Succeeded);
        using (var edit = await writer.PostFormAsync(MailingGroupsUrls.EditPost(slug, replyId), new Dictionary<string, string> { ["Body"] = $"Contacts rose in Derby and {word}ville." }, "form[action*='handler=Save']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        }

        var thread = await writer.GetDocumentAsync(MailingGroupsUrls.Thread(slug, threadId));
        var reply = thread.QuerySelector($"article#post-{replyId}")!.TextContent;
        Assert.Contains($"{word}ville", reply, StringComparison.Ordinal);
        Assert.Contains("(edited)", reply, StringComparison.Ordinal);
        Assert.Contains(MailingGroupsUrls.Post(slug, threadId, replyId), (await writer.GetPageAsync($"/search?q={word}ville")).Html, StringComparison.Ordinal);

        // Another member may neither edit nor delete the author's post, and is offered no link to.
        var bystander = await SignInAsync(hub, other);
        Assert.Null((await bystander.GetDocumentAsync(MailingGroupsUrls.Thread(slug, threadId))).QuerySelector($"a[href='{MailingGroupsUrls.EditPost(slug, replyId)}']"));
        using (var get = await bystander.GetAsync(new Uri(MailingGroupsUrls.EditPost(slug, replyId), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        // Quoting the moderator's post into a reply.
        var quoting = await bystander.GetDocumentAsync(MailingGroupsUrls.Thread(slug, threadId) + $"?quote={threadId}");
        Assert.StartsWith("> ", quoting.QuerySelector("textarea#Body")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("wrote:\n>\n> The March figures are in.", quoting.QuerySelector("textarea#Body")!.TextContent, StringComparison.Ordinal);

        // The moderator deletes the thread: its posts are gone, and search forgets them.
        using (var delete = await mod.PostFormAsync(MailingGroupsUrls.EditPost(slug, threadId), new Dictionary<string, string>(), "form[action*='handler=Delete']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<GroupPost>().AnyAsync(p => p.Id == threadId || p.ThreadId == threadId)));
        Assert.DoesNotContain(MailingGroupsUrls.Thread(slug, threadId), (await writer.GetPageAsync($"/search?q={word}ville")).Html, StringComparison.Ordinal);
        var (threadKey, replyKey) = (threadId.ToString(System.Globalization.CultureInfo.InvariantCulture), replyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await hub.WithDbAsync(db => db.Database
            .SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"SearchDocuments\" WHERE \"Type\" = 'group-post' AND \"Key\" IN ({threadKey}, {replyKey})").SingleAsync()));
    }

    private static Task<List<ResearchHub.Core.Email.OutboxMessage>> MailAsync(HubFactory hub, string to) =>
        hub.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == ModerationNotices.Kind && m.To == to).OrderBy(m => m.Id).ToListAsync());
}
