using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// The member's journey through a digest, against the real SMTP server: subscribed weekly, another
/// member posts, after the period the digest arrives (parsed by Python's email package: multipart/
/// alternative, every list header well-formed, HTML with no external resources), its link opens the
/// post, the one-click unsubscribe POST without a cookie works, and the next period sends nothing.
/// </summary>
public sealed partial class DigestMailTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Weekly_digest_arrives_well_formed_its_link_opens_the_post_and_one_click_unsubscribe_stops_the_next(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock);
        await hub.StartAsync();
        var reader = await CreateUserAsync(hub, HubRoles.Member, null);
        var poster = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await CreateGroupAsync(hub, "Research and knowledge exchange");
        await AddMemberAsync(hub, groupId, reader.Id);
        await AddMemberAsync(hub, groupId, poster.Id);
        clock.Advance(TimeSpan.FromHours(1));
        var postId = await PostAsync(hub, groupId, poster.Id, "Evaluation framework draft", "Please read the **draft** framework before Friday.");

        // Not due before the week is over.
        Assert.Equal(0, (await SendDueAsync(hub)).Queued);
        clock.Advance(TimeSpan.FromDays(7));
        var run = await SendDueAsync(hub);
        Assert.Equal(1, run.Queued); // the poster's own post is not news to them: their digest is empty
        Assert.Equal(1, run.Empty);

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(reader.Email!, TimeSpan.FromSeconds(30));
        Assert.Empty(mail.Defects);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.NotNull(mail.Text);
        Assert.NotNull(mail.Html);
        Assert.Contains("Evaluation framework draft", mail.Text, StringComparison.Ordinal);
        Assert.Matches(@"^\[Research and knowledge exchange\] Weekly digest, Vol 2026, Issue \d+$", mail.Subject);
        Assert.Matches(@"^""Research and knowledge exchange"" <g-[0-9a-f]+\.groups\.[a-z.]+>$", Single(mail, "List-Id"));
        Assert.Matches(@"^<https?://[^>]+/groups/unsubscribe/[A-Za-z0-9_-]+>, <mailto:[^>]+\?subject=unsubscribe>$", Single(mail, "List-Unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", Single(mail, "List-Unsubscribe-Post"));
        Assert.Matches(@"^<https?://[^>]+/groups/g-[0-9a-f]+>$", Single(mail, "List-Archive"));
        Assert.Matches(@"^<https?://[^>]+/groups/g-[0-9a-f]+#new-thread>$", Single(mail, "List-Post"));
        Assert.Equal("auto-generated", Single(mail, "Auto-Submitted"));
        Assert.Equal("list", Single(mail, "Precedence"));
        Assert.Matches(@"^<[^@<>\s]+@[^@<>\s]+>$", mail.MessageId);
        Assert.NotNull(mail.DateIso);

        // No external resources: nothing fetched when the message opens.
        Assert.DoesNotMatch(@"(?i)\ssrc\s*=|<link|<script|@import|url\(|<img|<iframe|<object", mail.Html);

        // The link in the digest opens the post for the member.
        var link = PostLink().Match(mail.Text!).Value;
        Assert.Contains($"#post-{postId}", link, StringComparison.Ordinal);
        var readerClient = await SignInAsync(hub, reader);
        var page = await readerClient.GetPageAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Contains("Please read the", page.Html, StringComparison.Ordinal);

        // One click, as a mail client sends it: a POST with no cookie and no antiforgery token.
        var unsubscribe = UnsubscribeLink().Match(Single(mail, "List-Unsubscribe")).Groups[1].Value;
        using var anonymous = hub.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using (var get = await anonymous.GetAsync(new Uri(unsubscribe).PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode); // a confirmation page: a GET changes nothing
        }

        Assert.Equal(DeliveryMode.Weekly, await ModeAsync(hub, groupId, reader.Id));
        using (var post = await anonymous.PostAsync(new Uri(unsubscribe).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" })))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        Assert.Equal(DeliveryMode.None, await ModeAsync(hub, groupId, reader.Id));
        using (var forged = await anonymous.PostAsync("/groups/unsubscribe/forged-token", new FormUrlEncodedContent(new Dictionary<string, string>())))
        {
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }

        // The next period: more posts, but nothing for the member who unsubscribed.
        await PostAsync(hub, groupId, poster.Id, "Second thread", "More news.");
        clock.Advance(TimeSpan.FromDays(7));
        await SendDueAsync(hub);
        Assert.Single(await DigestsAsync(hub, reader.Email!));
    }

    private static string Single(ParsedMail mail, string header) => Assert.Single(mail.Header(header));

    private static Task<DeliveryMode> ModeAsync(HubFactory hub, long groupId, string userId) =>
        hub.WithDbAsync(db => db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == userId).Select(m => m.Mode).SingleAsync());

    [GeneratedRegex(@"https?://\S+/groups/[^/\s]+/threads/\d+#post-\d+")]
    private static partial Regex PostLink();

    [GeneratedRegex(@"<(https?://[^>]+)>")]
    private static partial Regex UnsubscribeLink();
}
