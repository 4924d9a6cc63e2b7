using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// Mail into the groups through a real IMAP server (dovecot, started by scripts/test.sh): a member
/// answers a mailed post from "their mail program" (a real RFC 5322 reply with the quote and a
/// signature, appended to the mailbox over IMAP), a non-member writes to the group, a relay's RFC
/// 3464 bounce arrives, the member sends the List-Unsubscribe mailto; two hosts poll the mailbox at
/// once. The reply becomes one post with the quote trimmed, the non-member is refused by email, the
/// bounce counts against the address, delivery is set to none, and every message ends in Processed.
/// </summary>
public sealed class InboundMailTests
{
    private const string Address = "lac-research+{group}@network.example";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Replies_refusals_bounces_and_unsubscribes_by_email_are_each_processed_once_by_two_polling_hosts(string provider)
    {
        var mailbox = $"hub-{Guid.NewGuid():N}";
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var first = Inbound(Hub(storage, clock), mailbox);
        await first.StartAsync();
        await using var second = Inbound(Hub(storage, clock), mailbox);
        await second.StartAsync();

        var reader = await CreateUserAsync(first, HubRoles.Member, null);
        var poster = await CreateUserAsync(first, HubRoles.Member, null);
        var outsider = await CreateUserAsync(first, HubRoles.Member, null);
        var groupId = await CreateGroupAsync(first, "Research and knowledge exchange");
        await AddMemberAsync(first, groupId, reader.Id, DeliveryMode.EachPost);
        await AddMemberAsync(first, groupId, poster.Id);
        var threadId = await PostAsync(first, groupId, poster.Id, "Evaluation framework draft", "Please read the **draft** before Friday.");

        // The member's copy, as their mail program shows it.
        var mailed = await MailCatcher.Shared.WaitForMessageToAsync(reader.Email!, TimeSpan.FromSeconds(30));
        var replyTo = Assert.Single(mailed.Header("Reply-To"));
        var threadAddress = MailboxAddress.Parse(replyTo).Address;
        Assert.Matches(@"^lac-research\+g-[0-9a-f]+\.t\d+\.[0-9a-f]{12}@network\.example$", threadAddress);
        var leave = System.Text.RegularExpressions.Regex.Match(Assert.Single(mailed.Header("List-Unsubscribe")), "<mailto:([^?>]+)").Groups[1].Value;
        var slug = await first.WithDbAsync(db => db.Set<MailingGroup>().Where(g => g.Id == groupId).Select(g => g.Slug).SingleAsync());
        Assert.Equal($"lac-research+{slug}.leave@network.example", leave);

        // The reply: plain text with the quote, a signature, and In-Reply-To/References.
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("Reader", reader.Email!));
        reply.To.Add(MailboxAddress.Parse(replyTo));
        reply.Subject = "Re: " + mailed.Subject;
        reply.MessageId = $"reply-{Guid.NewGuid():N}@mail.example";
        reply.InReplyTo = mailed.MessageId!.Trim('<', '>');
        reply.References.Add(reply.InReplyTo);
        // CRLF line ends: the canonical form of text in mail (RFC 2046), which is what arrives.
        var notes = System.Text.Encoding.UTF8.GetBytes("section,comment\r\n2,Tighten the outcome measures\r\n");
        var replyBody = new BodyBuilder
        {
            TextBody = "I agree with the plan; see my notes on section 2.\n\nOn Wed, 4 Mar 2026 at 10:00, Poster wrote:\n> Please read the draft before Friday.\n>\n> Read and reply on the site\n\n-- \nReader, Field Station\n",
        };
        replyBody.Attachments.Add("notes on section 2.csv", notes, new ContentType("text", "csv"));
        reply.Body = replyBody.ToMessageBody();

        // A member's message whose file is not one the hub takes (a program named as a PDF): refused, nothing posted.
        var program = new MimeMessage();
        program.From.Add(new MailboxAddress("Poster", poster.Email!));
        program.To.Add(MailboxAddress.Parse($"lac-research+{slug}@network.example"));
        program.Subject = "Handy tool";
        program.MessageId = $"tool-{Guid.NewGuid():N}@mail.example";
        var programBody = new BodyBuilder { TextBody = "Try this." };
        programBody.Attachments.Add("tool.pdf", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0], new ContentType("application", "pdf"));
        program.Body = programBody.ToMessageBody();

        var stranger = new MimeMessage();
        stranger.From.Add(new MailboxAddress("Outsider", outsider.Email!));
        stranger.To.Add(MailboxAddress.Parse($"lac-research+{slug}@network.example"));
        stranger.Subject = "Let me in";
        stranger.MessageId = $"stranger-{Guid.NewGuid():N}@mail.example";
        stranger.Body = new TextPart("plain") { Text = "Please post this." };

        var unsubscribe = new MimeMessage();
        unsubscribe.From.Add(new MailboxAddress("Reader", reader.Email!));
        unsubscribe.To.Add(MailboxAddress.Parse(leave));
        unsubscribe.Subject = "unsubscribe";
        unsubscribe.MessageId = $"leave-{Guid.NewGuid():N}@mail.example";
        unsubscribe.Body = new TextPart("plain") { Text = "" };

        var bounce = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"""
            From: Mail Delivery System <MAILER-DAEMON@relay.example>
            To: noreply@researchhub.localhost
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <dsn-{Guid.NewGuid():N}@relay.example>
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            The mail system could not deliver your message.
            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; relay.example

            Final-Recipient: rfc822; {reader.Email}
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable

            --b1
            Content-Type: text/rfc822-headers

            Message-ID: {mailed.MessageId}
            Subject: {mailed.Subject}

            --b1--
            """.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal))));

        using (var imap = await ConnectAsync(mailbox))
        {
            foreach (var message in new[] { reply, stranger, unsubscribe, bounce, program })
            {
                await imap.Inbox.AppendAsync(message);
            }
        }

        // Two hosts read the same mailbox at the same moment.
        var passes = await Task.WhenAll(
            first.WithScopeAsync(sp => sp.GetRequiredService<InboundMailService>().PollAsync(default)),
            second.WithScopeAsync(sp => sp.GetRequiredService<InboundMailService>().PollAsync(default)));
        Assert.Equal(5, passes.Sum());

        // One reply post, by the reader, the quote and the signature trimmed.
        var posts = await first.WithDbAsync(db => db.Set<GroupPost>().AsNoTracking().Where(p => p.ThreadId == threadId).ToListAsync());
        var post = Assert.Single(posts);
        Assert.Equal(reader.Id, post.AuthorId);
        Assert.Equal("I agree with the plan; see my notes on section 2.", post.Body);
        Assert.Equal(PostStatus.Published, post.Status);
        var thread = await SignInAsync(first, poster).ContinueWith(t => t.Result.GetPageAsync($"/groups/{slug}/threads/{threadId}")).Unwrap();
        Assert.Contains("see my notes on section 2", thread.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Field Station", thread.Html, StringComparison.Ordinal);

        // The attached file went through the file store's rules and is downloadable from the thread.
        var file = Assert.Single(await first.WithDbAsync(db => db.Set<PostAttachment>().AsNoTracking().Where(a => a.PostId == post.Id).ToListAsync()));
        Assert.Equal(("notes on section 2.csv", "text/csv"), (file.FileName, file.ContentType));
        var link = Assert.Single(thread.Document.QuerySelectorAll($"article#post-{post.Id} a[download]")).GetAttribute("href")!;
        using (var download = await (await SignInAsync(second, reader)).GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(notes, await download.Content.ReadAsByteArrayAsync());
        }

        var toolRefusal = await MailCatcher.Shared.WaitForMessageToAsync(poster.Email!, TimeSpan.FromSeconds(30));
        Assert.Equal("Not posted: Handy tool", toolRefusal.Subject);
        Assert.Contains("tool.pdf was not attached", toolRefusal.Text, StringComparison.Ordinal);
        Assert.Equal(0, await first.WithDbAsync(db => db.Set<GroupPost>().CountAsync(p => p.Subject == "Handy tool")));

        // The outsider's mail is refused with a reply, and nothing is posted for it.
        var refusal = await MailCatcher.Shared.WaitForMessageToAsync(outsider.Email!, TimeSpan.FromSeconds(30));
        Assert.Equal("Not posted: Let me in", refusal.Subject);
        Assert.Contains("Only members of the group", refusal.Text, StringComparison.Ordinal);
        Assert.Equal("auto-replied", Assert.Single(refusal.Header("Auto-Submitted")));
        Assert.Equal(0, await first.WithDbAsync(db => db.Set<GroupPost>().CountAsync(p => p.Subject == "Let me in")));

        // The bounce counts against the reader's address; the mailto unsubscribe stopped delivery.
        Assert.Equal(1, await first.WithScopeAsync(sp => sp.GetRequiredService<DigestService>().BouncesAsync(reader.Email!, null, default)));
        Assert.Equal(DeliveryMode.None, await first.WithDbAsync(db =>
            db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == reader.Id).Select(m => m.Mode).SingleAsync()));

        // Every message moved to Processed; reading again changes nothing.
        using (var imap = await ConnectAsync(mailbox))
        {
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
            Assert.Equal(0, imap.Inbox.Count);
            var processed = await imap.GetFolderAsync("Processed");
            await processed.OpenAsync(FolderAccess.ReadOnly);
            Assert.Equal(5, processed.Count);
            await processed.CloseAsync();
            await processed.OpenAsync(FolderAccess.ReadWrite);
            await processed.CopyToAsync(await processed.SearchAsync(MailKit.Search.SearchQuery.All), imap.Inbox);
        }

        Assert.Equal(0, await first.WithScopeAsync(sp => sp.GetRequiredService<InboundMailService>().PollAsync(default)));
        Assert.Single(await first.WithDbAsync(db => db.Set<GroupPost>().Where(p => p.ThreadId == threadId).ToListAsync()));
    }

    private static HubFactory Inbound(HubFactory hub, string mailbox) => hub
        .WithSetting("Hub:MailingGroups:Address", Address)
        .WithSetting("Hub:Mail:Inbound:Enabled", "false") // the test polls itself
        .WithSetting("Hub:Mail:Inbound:Host", TestEnvironment.ImapHost)
        .WithSetting("Hub:Mail:Inbound:Port", TestEnvironment.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("Hub:Mail:Inbound:ImplicitTls", "false")
        .WithSetting("Hub:Mail:Inbound:UserName", mailbox)
        .WithSetting("Hub:Mail:Inbound:Password", TestEnvironment.ImapPassword);

    private static async Task<ImapClient> ConnectAsync(string mailbox)
    {
        var imap = new ImapClient();
        await imap.ConnectAsync(TestEnvironment.ImapHost, TestEnvironment.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(mailbox, TestEnvironment.ImapPassword);
        return imap;
    }
}
