using System.Globalization;
using MailKit;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The mailing-group journey in Chromium, acceptance of issue 5: an administrator creates a group;
/// a member joins it and chooses a weekly digest; another member posts a thread. "After the period"
/// is the operator's verb run next to the site, <c>digests send-due --now</c> a week on, which
/// composes and delivers through the real outbox and SMTP client to the test.sh SMTP server. The
/// digest (parsed by Python's email package) links to the post, and the browser opens it; the
/// one-click unsubscribe POST, sent as a mail client sends it (no cookie, no token), switches the
/// member's delivery off, which the group page then shows; the next period's run sends that member
/// nothing while a member still subscribed gets that period's digest. axe checks the pages on the way.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class MailingJourneyTests(BrowserFixture browser)
{
    private const string Password = "Journey-Passw0rd-1";

    // The site's digest settings (Hub:MailingGroups defaults): its time zone and send hour.
    private const string SiteZone = "Europe/London";
    private const int SendHour = 7;

    // The clock the site process runs on: the machine's (faked as a whole under faketime by scripts/test.sh).
    private static readonly TimeProvider SiteClock = TimeProvider.System;

    [Fact]
    public async Task Weekly_digest_arrives_by_smtp_its_link_opens_the_post_one_click_unsubscribes_and_the_next_period_sends_nothing()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var groupName = $"Journey exchange {id}";
        var slug = $"journey-{id}";
        var readerEmail = $"digest-reader-{id}@example.org";
        var posterEmail = $"digest-poster-{id}@example.org";
        var laterEmail = $"digest-later-{id}@example.org";
        var violations = new List<AxeResult>();

        // The administrator creates an open group.
        var admin = await SignInAdminAsync();
        await admin.GotoAsync("/admin/groups");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync(groupName);
        await admin.GetByLabel("Address (optional, from the name)").FillAsync(slug);
        await admin.GetByLabel("Who may join").SelectOptionAsync("Open");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Group \"{groupName}\" created.");
        await admin.Context.CloseAsync();

        // The reader joins and chooses the weekly digest on the group page.
        var reader = await JoinSiteAsync(readerEmail, "Rhea Reader");
        await reader.GotoAsync($"/groups/{slug}");
        violations.Add(await Axe.RunAsync(reader));
        await reader.GetByRole(AriaRole.Button, new() { Name = "Join this group" }).ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("You joined the group");
        await reader.GetByLabel("How you receive this group's posts").SelectOptionAsync("Weekly");
        await reader.GetByRole(AriaRole.Button, new() { Name = "Save delivery" }).ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("Delivery set to: Weekly digest.");
        violations.Add(await Axe.RunAsync(reader));

        // Another member joins and starts a thread.
        var poster = await JoinSiteAsync(posterEmail, "Pat Poster");
        await poster.GotoAsync($"/groups/{slug}");
        await poster.GetByRole(AriaRole.Button, new() { Name = "Join this group" }).ClickAsync();
        await Assertions.Expect(poster.GetByRole(AriaRole.Status)).ToContainTextAsync("You joined the group");
        var subject = $"Evaluation framework draft {id}";
        var threadUrl = await StartThreadAsync(poster, slug, subject, "Please read the **draft** framework before Friday.");

        // The site runs on the machine's clock, so the post is dated "now"; the runs are timed from
        // the week that holds it, never from the wall clock plus a fixed offset: a week on from a
        // Monday before the send hour is again before the send hour, and nothing is due.
        var posted = SiteClock.GetUtcNow();
        var firstDue = WeeklyDigestDueAfter(posted);

        // Before the period is over nothing is due for the reader.
        await SendDueAsync(posted);
        Assert.Empty(await DigestsToAsync(readerEmail));

        // After the period: the operator's verb, run an hour after the send hour on the day the
        // week holding the post ended, delivers the digest by SMTP.
        var firstRun = await SendDueAsync(firstDue);
        var mail = Assert.Single(await DigestsToAsync(readerEmail));
        Assert.Empty(mail.Defects);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Matches($@"^\[{Regex.Escape(groupName)}\] Weekly digest, Vol \d{{4}}, Issue \d+$", mail.Subject);
        Assert.Contains(subject, mail.Text, StringComparison.Ordinal);
        Assert.Contains(subject, mail.Html, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", Assert.Single(mail.Header("List-Unsubscribe-Post")));
        Assert.True(mail.Header("List-Id").Count == 1, firstRun);

        // Its link opens the post in the reader's browser.
        var link = PostLink().Match(mail.Text!).Value;
        Assert.StartsWith(browser.Site.BaseUrl.ToString().TrimEnd('/') + threadUrl + "#post-", link, StringComparison.Ordinal);
        await reader.GotoAsync(link);
        await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync(subject);
        var fragment = new Uri(link).Fragment.TrimStart('#');
        await Assertions.Expect(reader.Locator($"article#{fragment}")).ToContainTextAsync("Please read the draft framework before Friday.");
        violations.Add(await Axe.RunAsync(reader));

        // One click, as a mail client sends it: a POST with the RFC 8058 body, no cookie, no token.
        var unsubscribe = new Uri(UnsubscribeLink().Match(Assert.Single(mail.Header("List-Unsubscribe"))).Groups[1].Value);
        Assert.Equal(browser.Site.BaseUrl.Authority, unsubscribe.Authority);
        using (var mailClient = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }))
        using (var response = await mailClient.PostAsync(unsubscribe, new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The reader's group page shows delivery off.
        await reader.GotoAsync($"/groups/{slug}");
        await Assertions.Expect(reader.GetByLabel("How you receive this group's posts")).ToHaveValueAsync("None");

        // A member who joins now with a weekly digest, and a second thread: the next period's run
        // sends that member the new thread and sends the unsubscribed reader nothing. (The site
        // runs on the real clock, so the second thread is dated inside the window the first run
        // already covered for the reader: the newcomer, whose first window starts when they joined,
        // is what shows the second period does send to a subscribed member.)
        var later = await JoinSiteAsync(laterEmail, "Lou Later");
        await later.GotoAsync($"/groups/{slug}");
        await later.GetByRole(AriaRole.Button, new() { Name = "Join this group" }).ClickAsync();
        await Assertions.Expect(later.GetByRole(AriaRole.Status)).ToContainTextAsync("You joined the group");
        var second = $"Second thread {id}";
        await StartThreadAsync(poster, slug, second, "More news for the next period.");

        var secondRun = await SendDueAsync(WeeklyDigestDueAfter(firstDue));
        var laterMail = Assert.Single(await DigestsToAsync(laterEmail));
        Assert.Contains(second, laterMail.Text, StringComparison.Ordinal);
        Assert.Matches($@"^\[{Regex.Escape(groupName)}\] Weekly digest, ", laterMail.Subject);
        var readerMail = await DigestsToAsync(readerEmail);
        Assert.True(readerMail.Count == 1, $"the unsubscribed reader got {readerMail.Count} digests:\n{secondRun}");

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    /// <summary>
    /// Acceptance of issue 15, the browser and mail journey: a member who takes each post gets a
    /// thread by email (SMTP to the test.sh server); they answer from "their mail program": the test
    /// delivers a real RFC 5322 reply (In-Reply-To, the quote, a signature and a file) to the site's
    /// mailbox on dovecot over IMAP, as their mail server would. The site's inbound reader (polling
    /// every second) posts it: the reply appears in the thread in the browser once, without the quote
    /// or the signature, and its file downloads with the same bytes. A non-member's mail to the group
    /// is refused with a reply by email and posts nothing.
    /// </summary>
    [Fact]
    public async Task A_reply_from_a_mail_program_with_a_file_appears_once_in_the_thread_quote_trimmed_and_the_file_downloads()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var groupName = $"Mail exchange {id}";
        var slug = $"mail-{id}";
        var readerEmail = $"mail-reader-{id}@example.org";
        var posterEmail = $"mail-poster-{id}@example.org";
        var violations = new List<AxeResult>();

        var admin = await SignInAdminAsync();
        await admin.GotoAsync("/admin/groups");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync(groupName);
        await admin.GetByLabel("Address (optional, from the name)").FillAsync(slug);
        await admin.GetByLabel("Who may join").SelectOptionAsync("Open");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Group \"{groupName}\" created.");
        await admin.Context.CloseAsync();

        // The reader joins and takes each post by email.
        var reader = await JoinSiteAsync(readerEmail, "Rowan Reader");
        await reader.GotoAsync($"/groups/{slug}");
        await reader.GetByRole(AriaRole.Button, new() { Name = "Join this group" }).ClickAsync();
        await reader.GetByLabel("How you receive this group's posts").SelectOptionAsync("EachPost");
        await reader.GetByRole(AriaRole.Button, new() { Name = "Save delivery" }).ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("Delivery set to: Each post as it is published.");

        var poster = await JoinSiteAsync(posterEmail, "Priya Poster");
        await poster.GotoAsync($"/groups/{slug}");
        await poster.GetByRole(AriaRole.Button, new() { Name = "Join this group" }).ClickAsync();
        await Assertions.Expect(poster.GetByRole(AriaRole.Status)).ToContainTextAsync("You joined the group");
        var subject = $"Outcome measures {id}";
        var threadUrl = await StartThreadAsync(poster, slug, subject, "Which outcome measures do your sites use? Please reply before the meeting.");

        // The post arrives in the reader's mailbox, from the site's outbox over SMTP.
        var mailed = await Poll.ForAsync(async () => (await MailCatcher.Shared.MessagesToAsync(readerEmail)).FirstOrDefault(m => m.Header("List-Id").Count > 0),
            $"the post mailed to {readerEmail}", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        Assert.Empty(mailed.Defects);
        Assert.Equal($"[{groupName}] {subject}", mailed.Subject);
        Assert.Contains("Which outcome measures do your sites use?", mailed.Text, StringComparison.Ordinal);
        var replyTo = MimeKit.MailboxAddress.Parse(Assert.Single(mailed.Header("Reply-To")));

        // The reader answers from their mail program: a reply to the Reply-To address, threaded by
        // In-Reply-To and References, quoting the post under an attribution line, signed, with a file.
        // CRLF line ends: the canonical form of text in mail (RFC 2046), which is what arrives.
        var notes = System.Text.Encoding.UTF8.GetBytes($"site,measure\r\nDerby,Wellbeing {id}\r\nThurrock,Connectedness\r\n");
        var reply = new MimeKit.MimeMessage();
        reply.From.Add(new MimeKit.MailboxAddress("Rowan Reader", readerEmail));
        reply.To.Add(replyTo);
        reply.Subject = "Re: " + mailed.Subject;
        reply.MessageId = $"reply-{id}@mail.example";
        reply.InReplyTo = mailed.MessageId!.Trim('<', '>');
        reply.References.Add(reply.InReplyTo);
        var body = new MimeKit.BodyBuilder
        {
            TextBody = $"Derby uses the wellbeing scale {id}; the list of our measures is attached.\n\n"
                + $"On {SiteClock.GetUtcNow():ddd, d MMM yyyy} at 10:00, Priya Poster <{posterEmail}> wrote:\n"
                + "> Which outcome measures do your sites use? Please reply before the meeting.\n>\n> Read and reply on the site\n\n"
                + "-- \nRowan Reader, Derby LAC evaluation team\n",
        };
        body.Attachments.Add("measures.csv", notes, new MimeKit.ContentType("text", "csv"));
        reply.Body = body.ToMessageBody();

        // Someone who is not a member writes to the group's address.
        var strangerEmail = $"mail-stranger-{id}@example.org";
        var stranger = new MimeKit.MimeMessage();
        stranger.From.Add(new MimeKit.MailboxAddress("Sam Stranger", strangerEmail));
        stranger.To.Add(new MimeKit.MailboxAddress(groupName, HubSite.GroupAddress.Replace("{group}", slug, StringComparison.Ordinal)));
        stranger.Subject = $"Please share {id}";
        stranger.MessageId = $"stranger-{id}@mail.example";
        stranger.Body = new MimeKit.TextPart("plain") { Text = "May I post here?" };

        using (var imap = new MailKit.Net.Imap.ImapClient())
        {
            await imap.ConnectAsync(TestEnvironment.ImapHost, TestEnvironment.ImapPort, MailKit.Security.SecureSocketOptions.None);
            await imap.AuthenticateAsync(HubSite.InboundMailbox, TestEnvironment.ImapPassword);
            await imap.Inbox.AppendAsync(reply);
            await imap.Inbox.AppendAsync(stranger);
            await imap.DisconnectAsync(true);
        }

        // The reply appears in the thread (the site reads its mailbox every second).
        var replyText = $"Derby uses the wellbeing scale {id}";
        await Poll.UntilAsync(async () =>
        {
            await reader.GotoAsync(threadUrl);
            return await reader.Locator("article", new() { HasText = replyText }).CountAsync() > 0;
        }, "the emailed reply to appear in the thread", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));

        // Once, by the reader, without the quote or the signature; its file downloads with its bytes.
        var replies = reader.Locator("article", new() { HasText = replyText });
        await Assertions.Expect(replies).ToHaveCountAsync(1);
        await Assertions.Expect(replies).ToContainTextAsync("Rowan Reader");
        await Assertions.Expect(reader.Locator("article")).ToHaveCountAsync(2);
        await Assertions.Expect(replies).Not.ToContainTextAsync("Priya Poster");
        await Assertions.Expect(replies).Not.ToContainTextAsync("Please reply before the meeting");
        await Assertions.Expect(replies).Not.ToContainTextAsync("Derby LAC evaluation team");
        var download = await reader.RunAndWaitForDownloadAsync(() => replies.GetByRole(AriaRole.Link, new() { Name = "measures.csv" }).ClickAsync());
        Assert.Equal("measures.csv", download.SuggestedFilename);
        Assert.Equal(notes, await File.ReadAllBytesAsync(await download.PathAsync()));
        violations.Add(await Axe.RunAsync(reader));

        // The stranger is told by email, and nothing of theirs is posted.
        var refusal = await MailCatcher.Shared.WaitForMessageToAsync(strangerEmail, TimeSpan.FromSeconds(60));
        Assert.Equal($"Not posted: Please share {id}", refusal.Subject);
        Assert.Contains("Only members of the group", refusal.Text, StringComparison.Ordinal);
        await reader.GotoAsync($"/groups/{slug}");
        await Assertions.Expect(reader.GetByRole(AriaRole.Link, new() { Name = subject })).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByText($"Please share {id}")).ToHaveCountAsync(0);

        // Read again after more polls: still one reply.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await reader.GotoAsync(threadUrl);
        await Assertions.Expect(reader.Locator("article", new() { HasText = replyText })).ToHaveCountAsync(1);

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    /// <summary>
    /// When the weekly digest of the week holding <paramref name="instant"/> is due, plus an hour:
    /// weeks run Monday to Monday in the site's zone, and a week's digest goes out at the send hour
    /// on the Monday it ends (the defaults, Europe/London and 7). Worked out here, not by the
    /// product's own period code, so a mistake there cannot hide itself.
    /// </summary>
    internal static DateTimeOffset WeeklyDigestDueAfter(DateTimeOffset instant)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(SiteZone);
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var nextMonday = local.Date.AddDays(7 - (((int)local.DayOfWeek + 6) % 7));
        var due = nextMonday.AddHours(SendHour + 1);
        return new DateTimeOffset(due, zone.GetUtcOffset(due)).ToUniversalTime();
    }

    /// <summary>
    /// The list mail (a List-Id header) received for the address. The verb has delivered before it
    /// exits, and the SMTP server writes a message before it accepts it: no waiting is needed.
    /// </summary>
    private static async Task<List<ParsedMail>> DigestsToAsync(string address) =>
        (await MailCatcher.Shared.MessagesToAsync(address)).Where(m => m.Header("List-Id").Count > 0).ToList();

    /// <summary>Runs <c>digests send-due --now INSTANT</c> against the site's database; returns its output.</summary>
    private async Task<string> SendDueAsync(DateTimeOffset now)
    {
        var (exitCode, output) = await browser.Site.RunVerbAsync(
            ["digests", "send-due", "--now", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)]);
        Assert.True(exitCode == 0, $"digests send-due exited with {exitCode}:\n{output}");
        Assert.Contains("Clock set to", output, StringComparison.Ordinal);
        Assert.Matches(@"digests: \d+ queued, \d+ empty, \d+ due", output);
        return output;
    }

    private static async Task<string> StartThreadAsync(IPage page, string slug, string subject, string body)
    {
        await page.GotoAsync($"/groups/{slug}");
        await page.GetByLabel("Subject").FillAsync(subject);
        await page.GetByLabel("Message (Markdown)").FillAsync(body);
        await page.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(ThreadUrl());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(subject);
        return new Uri(page.Url).AbsolutePath;
    }

    private async Task<IPage> SignInAdminAsync()
    {
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        return admin;
    }

    /// <summary>The administrator invites a member; they accept in their own browser context and are signed in.</summary>
    private async Task<IPage> JoinSiteAsync(string email, string name)
    {
        var admin = await SignInAdminAsync();
        await admin.GotoAsync("/admin/invitations");
        await admin.GetByLabel("Email address").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync("Member");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"An invitation has been sent to {email}");
        await admin.Context.CloseAsync();

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(email);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(AcceptLink().Match(mail.Text!).Value);
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Choose a password").FillAsync(Password);
        await page.GetByLabel("Confirm the password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return page;
    }

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex AcceptLink();

    [GeneratedRegex(@"https?://\S+/groups/[^/\s]+/threads/\d+#post-\d+")]
    private static partial Regex PostLink();

    [GeneratedRegex(@"<(https?://[^>]+)>")]
    private static partial Regex UnsubscribeLink();

    [GeneratedRegex(@"/groups/[^/]+/threads/\d+$")]
    private static partial Regex ThreadUrl();
}
