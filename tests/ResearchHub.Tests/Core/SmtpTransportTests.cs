using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Email;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Core;

/// <summary>
/// Our SMTP client and MIME writer against a real SMTP server (aiosmtpd), with what it received
/// read by Python's email package: one session for many messages, tricky content arriving intact,
/// 4xx and 5xx told apart, a closed session reopened, and the pickup folder writing the same message.
/// </summary>
public sealed class SmtpTransportTests
{
    private const string From = "\"Zoë O'Brien, the Network\" <noreply@researchhub.localhost>";

    /// <summary>Line ends of every kind, a dot and "From " opening lines, trailing spaces, a long line, non-ASCII and an emoji.</summary>
    private static readonly string TrickyText =
        "Hello Zoë,\r\n.\r\n.a line opening with a dot\n..two dots\rFrom the start of a line\r\n"
        + "trailing spaces   \r\ntrailing tab\t\r\n= equals = signs =\r\n"
        + new string('x', 2000) + "\r\n" + string.Concat(Enumerable.Repeat("Ångström 😀 ", 120)) + "\r\nThe end.";

    private static SmtpTransport Transport(SmtpServerProcess server) =>
        new(Options.Create(new MailOptions { Smtp = new SmtpSettings { Host = server.Host, Port = server.Port, TimeoutSeconds = 20 } }));

    private static OutgoingEmail Message(string to, int n, IReadOnlyList<EmailAttachment>? attachments = null) => new(
        n, $"<{Guid.NewGuid():N}@researchhub.localhost>", From, to,
        $"Résumé nº {n}: “quotes” and a long subject that has to be folded over more than one header line, 😀 included",
        TrickyText, $"<p>Zoë’s <b>HTML</b> part {n}</p>\n<p>.</p>",
        new Dictionary<string, string> { ["List-Id"] = "Research <research.groups.localhost>", ["X-Note"] = "Café crème, s'il vous plaît" },
        TimeProvider.System.GetUtcNow(), attachments);

    private static string Lf(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    [Fact]
    public async Task Many_messages_go_over_one_session_and_arrive_intact()
    {
        await using var server = await SmtpServerProcess.StartMailboxAsync();
        var to = $"session-{Guid.NewGuid():N}@example.org";
        var binary = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        await using (var session = Transport(server).OpenSession())
        {
            for (var n = 1; n <= 20; n++)
            {
                var attachments = n == 1 ? new[] { new EmailAttachment("Résumé – notes.bin", "application/octet-stream", binary) } : null;
                await session.SendAsync(Message(to, n, attachments), CancellationToken.None);
            }
        }

        var mails = await Poll.ForAsync(async () =>
        {
            var received = await new MailCatcher(server.Maildir).MessagesToAsync(to);
            return received.Count == 20 ? received : null;
        }, "20 messages at the SMTP server", TimeSpan.FromSeconds(30));

        // aiosmtpd records the client's address and port: one connection carried all twenty.
        Assert.Single(mails.Select(m => m.Header("X-Peer").Single()).Distinct());
        foreach (var mail in mails)
        {
            Assert.Empty(mail.Defects);
            Assert.StartsWith("Résumé nº ", mail.Subject);
            Assert.EndsWith(": “quotes” and a long subject that has to be folded over more than one header line, 😀 included", mail.Subject);
            Assert.Equal(["noreply@researchhub.localhost"], mail.From);
            Assert.Contains("Zoë O'Brien, the Network", mail.Header("From").Single());
            Assert.Equal("Café crème, s'il vous plaît", mail.Header("X-Note").Single());
            Assert.Equal("Research <research.groups.localhost>", mail.Header("List-Id").Single());
            Assert.Equal(Lf(TrickyText), Lf(mail.Text!).TrimEnd('\n'));
            Assert.Contains("Zoë’s <b>HTML</b> part", mail.Html);
            Assert.Contains("<p>.</p>", mail.Html);
        }

        var first = mails.Single(m => m.Subject!.StartsWith("Résumé nº 1:", StringComparison.Ordinal));
        Assert.Equal("multipart/mixed", first.ContentType);
        Assert.Equal(["text/plain", "text/html", "application/octet-stream"], first.Parts);
        var attachment = Assert.Single(first.Attachments);
        Assert.Equal("Résumé – notes.bin", attachment.Filename);
        Assert.Equal(binary.Length, attachment.Size);
        Assert.All(mails.Where(m => m != first), m => Assert.Equal("multipart/alternative", m.ContentType));

        // What the server stored: no line longer than RFC 5322 allows.
        foreach (var file in Directory.GetFiles(Path.Combine(server.Maildir, "new")))
        {
            Assert.All(await File.ReadAllLinesAsync(file), line => Assert.True(line.Length <= 998, $"a line of {line.Length} characters"));
        }
    }

    [Fact]
    public async Task The_pickup_folder_writes_the_message_the_relay_gets()
    {
        var folder = Directory.CreateTempSubdirectory("hub-test-pickup-").FullName;
        try
        {
            var message = Message("pickup@example.org", 7, [new EmailAttachment("meeting.ics", "text/calendar; method=REQUEST", Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))]);
            var composer = new MessageComposer(Options.Create(new MailOptions()));
            var receipt = await new PickupFolderTransport(folder, composer).SendAsync(message, CancellationToken.None);

            var file = Path.Combine(folder, receipt.PickupFile!);
            Assert.Equal(composer.Write(message), await File.ReadAllBytesAsync(file));
            Assert.Single(Directory.GetFiles(folder)); // no temporary file left behind
            var mail = await MailCatcher.ParseAsync(file);
            Assert.Empty(mail.Defects);
            Assert.Equal(Lf(TrickyText), Lf(mail.Text!).TrimEnd('\n'));
            Assert.Equal("REQUEST", Assert.Single(mail.Attachments).Params["method"]);
            var raw = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("\n", raw.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal); // CRLF only
            Assert.All(raw.Split("\r\n"), line => Assert.True(line.Length <= 998));
            Assert.True(Ascii.IsValid(raw));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_relay_gets_exactly_the_bytes_the_pickup_folder_writes()
    {
        await using var server = await SmtpServerProcess.StartMailboxAsync();
        var to = $"bytes-{Guid.NewGuid():N}@example.org";
        var message = Message(to, 9, [new EmailAttachment("Résumé.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 a tiny file"))]);
        await Transport(server).SendAsync(message, CancellationToken.None);

        var mail = await new MailCatcher(server.Maildir).WaitForMessageToAsync(to);
        var received = await File.ReadAllTextAsync(mail.File);

        // aiosmtpd's Mailbox adds its own X-Peer, X-MailFrom and X-RcptTo after the message's headers and stores LF line ends.
        var lines = received.Split('\n').ToList();
        var added = lines.TakeWhile(l => l.Length > 0).Where(l => l.StartsWith("X-Peer:", StringComparison.Ordinal)
            || l.StartsWith("X-MailFrom:", StringComparison.Ordinal) || l.StartsWith("X-RcptTo:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, added.Count);
        var relayed = string.Join("\r\n", lines.Where(l => !added.Contains(l)));
        var pickup = Encoding.ASCII.GetString(new MessageComposer(Options.Create(new MailOptions())).Write(message));
        Assert.Equal(pickup.TrimEnd(), relayed.TrimEnd());
    }

    [Fact]
    public async Task The_closing_dot_waits_until_the_previous_message_is_recorded()
    {
        await using var server = await SmtpServerProcess.StartMailboxAsync();
        var id = Guid.NewGuid().ToString("N");
        var catcher = new MailCatcher(server.Maildir);
        await using var session = Transport(server).OpenSession();
        // Both shapes of message: the last content an HTML part, and an attachment.
        foreach (var (to, attachments) in new[]
        {
            ($"held-{id}@example.org", (EmailAttachment[]?)null),
            ($"held-attached-{id}@example.org", [new EmailAttachment("notes.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 notes"))]),
        })
        {
            var message = Message(to, 4, attachments);
            var prepared = await session.PrepareAsync(message, CancellationToken.None);
            var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var commit = prepared.CommitAsync(recorded.Task, CancellationToken.None);

            // The previous outcome is still being written: the relay has not been given the message.
            await Task.Delay(1500);
            Assert.False(commit.IsCompleted);
            Assert.Empty(await catcher.MessagesToAsync(to));

            recorded.SetResult();
            await commit;
            var mail = await catcher.WaitForMessageToAsync(to);
            Assert.Empty(mail.Defects);
            Assert.Equal(Lf(TrickyText), Lf(mail.Text!).TrimEnd('\n'));
            Assert.Single(await catcher.MessagesToAsync(to));
        }
    }

    [Fact]
    public async Task A_failed_record_keeps_the_next_message_from_being_delivered()
    {
        await using var server = await SmtpServerProcess.StartMailboxAsync();
        var id = Guid.NewGuid().ToString("N");
        await using var session = Transport(server).OpenSession();

        var prepared = await session.PrepareAsync(Message($"unrecorded-{id}@example.org", 5), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => prepared.CommitAsync(Task.FromException(new InvalidOperationException("the record failed")), CancellationToken.None));
        Assert.Equal("the record failed", failure.Message);

        // The session carries on (on a new connection): the next message arrives, the held one never does.
        await session.SendAsync(Message($"next-{id}@example.org", 6), CancellationToken.None);
        var catcher = new MailCatcher(server.Maildir);
        await catcher.WaitForMessageToAsync($"next-{id}@example.org");
        await Task.Delay(500);
        Assert.Empty(await catcher.MessagesToAsync($"unrecorded-{id}@example.org"));
    }

    [Fact]
    public async Task The_pickup_folder_moves_a_message_in_only_once_the_previous_one_is_recorded()
    {
        var folder = Directory.CreateTempSubdirectory("hub-test-pickup-").FullName;
        try
        {
            var transport = new PickupFolderTransport(folder, new MessageComposer(Options.Create(new MailOptions())));
            var prepared = await transport.PrepareAsync(Message("held@example.org", 8), CancellationToken.None);
            var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var commit = prepared.CommitAsync(recorded.Task, CancellationToken.None);
            await Task.Delay(200);
            Assert.False(commit.IsCompleted);
            Assert.Empty(Directory.GetFiles(folder, "*.eml"));
            recorded.SetResult();
            var receipt = await commit;
            Assert.True(File.Exists(Path.Combine(folder, receipt.PickupFile!)));

            // A failed record: nothing delivered and no temporary file left behind.
            var failed = await transport.PrepareAsync(Message("failed@example.org", 9), CancellationToken.None);
            await Assert.ThrowsAsync<InvalidOperationException>(() => failed.CommitAsync(Task.FromException(new InvalidOperationException("no")), CancellationToken.None));
            Assert.Equal([receipt.PickupFile], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Refusals_are_told_apart_and_the_session_carries_on()
    {
        await using var server = await SmtpServerProcess.StartScriptedAsync();
        var id = Guid.NewGuid().ToString("N");
        await using var session = Transport(server).OpenSession();

        var transient = await Assert.ThrowsAsync<EmailDeliveryException>(() => session.SendAsync(Message($"temp-{id}@example.org", 1), CancellationToken.None));
        Assert.False(transient.Permanent);
        Assert.Contains("451", transient.Message);

        var permanent = await Assert.ThrowsAsync<EmailDeliveryException>(() => session.SendAsync(Message($"perm-{id}@example.org", 2), CancellationToken.None));
        Assert.True(permanent.Permanent);
        Assert.Contains("550", permanent.Message);

        // The refused transactions were reset: the same session delivers the next message.
        await session.SendAsync(Message($"ok-{id}@example.org", 3), CancellationToken.None);
        var mail = await new MailCatcher(server.Maildir).WaitForMessageToAsync($"ok-{id}@example.org");
        Assert.StartsWith("Résumé nº 3", mail.Subject);
        Assert.Empty(await new MailCatcher(server.Maildir).MessagesToAsync($"temp-{id}@example.org"));
    }

    [Fact]
    public async Task A_session_the_relay_closed_is_opened_again_for_the_next_message()
    {
        await using var server = await SmtpServerProcess.StartScriptedAsync();
        var id = Guid.NewGuid().ToString("N");
        await using var session = Transport(server).OpenSession();

        await session.SendAsync(Message($"bye-{id}@example.org", 1), CancellationToken.None);
        await Task.Delay(500); // the server has closed the connection by now
        await session.SendAsync(Message($"after-{id}@example.org", 2), CancellationToken.None);

        var catcher = new MailCatcher(server.Maildir);
        var before = await catcher.WaitForMessageToAsync($"bye-{id}@example.org");
        var after = await catcher.WaitForMessageToAsync($"after-{id}@example.org");
        Assert.NotEqual(before.Header("X-Peer").Single(), after.Header("X-Peer").Single()); // a new connection
    }

    [Fact]
    public async Task A_relay_that_is_down_is_a_transient_failure()
    {
        await using var server = await SmtpServerProcess.StartMailboxAsync();
        await server.StopAsync();
        await using var session = Transport(server).OpenSession();
        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => session.SendAsync(Message("down@example.org", 1), CancellationToken.None));
        Assert.False(failure.Permanent);
    }

    [Fact]
    public async Task The_throttle_spaces_messages_at_the_configured_rate()
    {
        var throttle = new OutboxThrottle(Options.Create(new MailOptions { Outbox = new OutboxSettings { MaxPerSecond = 20 } }));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 21; i++)
        {
            await throttle.WaitAsync(CancellationToken.None);
        }

        // 21 slots 50 ms apart: the last one a second after the first.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.95, 3);

        var unlimited = new OutboxThrottle(Options.Create(new MailOptions()));
        clock.Restart();
        for (var i = 0; i < 1000; i++)
        {
            await unlimited.WaitAsync(CancellationToken.None);
        }

        Assert.True(clock.Elapsed.TotalSeconds < 0.5);
    }
}
