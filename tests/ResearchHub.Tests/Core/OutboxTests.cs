using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Core;

/// <summary>
/// The mail outbox against a real SMTP server (aiosmtpd), on both providers: delivered once, as a
/// well-formed multipart/alternative message; never sent when its transaction rolls back; kept and
/// delivered exactly once across an SMTP outage; marked failed, not retried for ever, on a 550.
/// </summary>
public sealed class OutboxTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    /// <summary>A few outbox poll cycles (0.2 s each): long enough for a duplicate to show up if there were one.</summary>
    private static readonly TimeSpan SeveralPollCycles = TimeSpan.FromSeconds(1.5);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_enqueued_message_is_delivered_once_as_multipart_alternative(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var to = Recipient("delivered", provider);

        var row = await hub.WithScopeAsync(async sp =>
        {
            var message = sp.GetRequiredService<MailOutbox>().Enqueue("test", new EmailMessage(
                to, $"Outbox test ({provider}) – ünïcode", "Plain text body.\nSecond line.", "<p>HTML <strong>body</strong>.</p>"));
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
            return message;
        });

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(to);
        var sent = await WaitForStateAsync(hub, row.Id, OutboxState.Sent);

        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.True(mail.IsMultipart);
        Assert.Equal(["text/plain", "text/html"], mail.Parts);
        Assert.Empty(mail.Defects);
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.NotNull(mail.DateIso);
        Assert.True(DateTimeOffset.Parse(mail.DateIso!, System.Globalization.CultureInfo.InvariantCulture) > hub.Clock.GetUtcNow().AddHours(-1), $"Date {mail.Date}");
        Assert.Equal([to], mail.To);
        Assert.Single(mail.From);
        Assert.Equal($"Outbox test ({provider}) – ünïcode", mail.Subject);
        Assert.Equal("Plain text body.\nSecond line.", mail.Text!.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
        Assert.Contains("<strong>body</strong>", mail.Html, StringComparison.Ordinal);
        Assert.Equal(1, sent.Attempts);
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.LastError);

        await Task.Delay(SeveralPollCycles); // would a second pass send it again?
        Assert.Single(await MailCatcher.Shared.MessagesToAsync(to));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_message_enqueued_in_a_rolled_back_transaction_is_never_sent(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var rolledBack = Recipient("rolled-back", provider);
        var sentinel = Recipient("sentinel", provider);

        await hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            sp.GetRequiredService<MailOutbox>().Enqueue("test", new EmailMessage(rolledBack, "Never sent", "This must not arrive."));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });

        // A later message is delivered: the worker has passed the place the rolled-back one would be.
        await hub.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<MailOutbox>().Enqueue("test", new EmailMessage(sentinel, "Sent", "This one arrives."));
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
        });
        await MailCatcher.Shared.WaitForMessageToAsync(sentinel);
        await Task.Delay(SeveralPollCycles);

        Assert.Empty(await MailCatcher.Shared.MessagesToAsync(rolledBack));
        Assert.False(await hub.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == rolledBack)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task During_an_smtp_outage_an_invitation_stays_pending_and_is_delivered_exactly_once_afterwards(string provider)
    {
        await using var smtp = await SmtpServerProcess.StartMailboxAsync();
        await smtp.StopAsync();

        await using var hub = new HubFactory(provider)
            .WithSmtp(smtp.Host, smtp.Port)
            .WithSetting("Hub:Mail:Outbox:RetryBaseSeconds", "0.3")
            .WithSetting("Hub:Mail:Outbox:MaxAttempts", "30")
            .WithSetting("Hub:BaseUrl", "https://hub.example.org");
        await hub.StartAsync();
        var to = Recipient("invited", provider);

        var invited = await hub.WithScopeAsync(sp =>
            sp.GetRequiredService<InvitationService>().InviteAsync(to, HubRoles.Member, null, null, CancellationToken.None));
        Assert.True(invited.Succeeded, string.Join(" ", invited.Errors));

        var pending = await Poll.ForAsync(() => hub.WithDbAsync(db =>
            db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.To == to && m.Attempts > 0 && m.LastError != null && m.State == OutboxState.Pending)),
            "the invitation to fail a delivery attempt and stay pending");
        Assert.Equal("invitation", pending.Kind);
        Assert.Null(pending.SentAt);

        await smtp.StartAsync();
        var catcher = new MailCatcher(smtp.Maildir);
        var mail = await catcher.WaitForMessageToAsync(to, TimeSpan.FromSeconds(30));
        var sent = await WaitForStateAsync(hub, pending.Id, OutboxState.Sent);

        Assert.True(sent.Attempts >= 2, $"a failed attempt and a successful one, but attempts = {sent.Attempts}");
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Equal(["text/plain", "text/html"], mail.Parts);
        Assert.Equal(pending.MessageId, mail.MessageId);
        Assert.Contains($"https://hub.example.org{InvitationService.AcceptPath}?token=", mail.Text, StringComparison.Ordinal);
        Assert.Contains($"https://hub.example.org{InvitationService.AcceptPath}?token=", mail.Html, StringComparison.Ordinal);

        await Task.Delay(SeveralPollCycles);
        Assert.Single(await catcher.MessagesToAsync(to));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_recipient_rejected_with_550_is_marked_failed_without_retrying(string provider)
    {
        await using var smtp = await SmtpServerProcess.StartRejectingAsync();
        await using var hub = new HubFactory(provider)
            .WithSmtp(smtp.Host, smtp.Port)
            .WithSetting("Hub:Mail:Outbox:RetryBaseSeconds", "0.2");
        await hub.StartAsync();
        var to = Recipient("rejected", provider);

        var id = await hub.WithScopeAsync(async sp =>
        {
            var row = sp.GetRequiredService<MailOutbox>().Enqueue("test", new EmailMessage(to, "Rejected", "Nobody home."));
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
            return row.Id;
        });

        var failed = await WaitForStateAsync(hub, id, OutboxState.Failed);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("550", failed.LastError, StringComparison.Ordinal);

        await Task.Delay(SeveralPollCycles);
        var later = await hub.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxState.Failed, later.State);
        Assert.Equal(1, later.Attempts);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_pickup_transport_writes_an_eml_named_with_the_outbox_id(string provider)
    {
        await using var hub = new HubFactory(provider).WithPickupMail();
        await hub.StartAsync();
        var to = Recipient("pickup", provider);

        var id = await hub.WithScopeAsync(async sp =>
        {
            var row = sp.GetRequiredService<MailOutbox>().Enqueue("test", new EmailMessage(to, "Picked up", "Text part.", "<p>HTML part.</p>"));
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
            return row.Id;
        });

        var sent = await WaitForStateAsync(hub, id, OutboxState.Sent);
        Assert.NotNull(sent.PickupFile);
        Assert.EndsWith($"-{id}.eml", sent.PickupFile, StringComparison.Ordinal);
        var file = Path.Combine(hub.AppData, "mail", sent.PickupFile!);
        Assert.True(File.Exists(file), $"{file} does not exist");
        Assert.Equal([sent.PickupFile], Directory.GetFiles(Path.Combine(hub.AppData, "mail"), "*.eml").Select(Path.GetFileName));

        var mail = await MailCatcher.ParseAsync(file);
        Assert.Equal([to], mail.To);
        Assert.Equal("Picked up", mail.Subject);
        Assert.Equal(sent.MessageId, mail.MessageId);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Equal("Text part.", mail.Text!.TrimEnd('\r', '\n'));
        Assert.Contains("HTML part.", mail.Html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two SMTP sessions per pass (<c>Hub:Mail:Outbox:Sessions</c>): both carry messages (aiosmtpd
    /// stamps each with the client's address and port, X-Peer), no message is claimed by both,
    /// every one arrives once and is marked sent.
    /// </summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_sessions_share_the_due_messages_and_each_arrives_once_and_is_marked_sent(string provider)
    {
        await using var smtp = await SmtpServerProcess.StartMailboxAsync();
        await using var hub = new HubFactory(provider)
            .WithSmtp(smtp.Host, smtp.Port)
            .WithSetting("Hub:Mail:Outbox:Sessions", "2")
            .WithSetting("Hub:Mail:Outbox:BatchSize", "10");
        await hub.StartAsync();
        var recipients = Enumerable.Range(0, 200).Select(i => Recipient($"shared-{i}", provider)).ToList();

        var ids = await hub.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<MailOutbox>();
            var rows = recipients.Select(to => outbox.Enqueue("test", new EmailMessage(to, "Shared", "One of two hundred."))).ToList();
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });

        await Poll.UntilAsync(async () => await hub.WithDbAsync(db =>
            db.OutboxMessages.CountAsync(m => ids.Contains(m.Id) && m.State == OutboxState.Sent)) == ids.Count,
            "all 200 messages to be marked sent", TimeSpan.FromSeconds(60));
        await Task.Delay(SeveralPollCycles); // would a second pass, or the other session, send one again?

        var catcher = new MailCatcher(smtp.Maildir);
        var peers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var to in recipients)
        {
            var mail = Assert.Single(await catcher.MessagesToAsync(to));
            peers.UnionWith(mail.Header("X-Peer"));
        }

        Assert.True(peers.Count >= 2, $"one session carried everything: {string.Join(", ", peers)}");
        var rows = await hub.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());
        Assert.All(rows, r => Assert.True(r is { State: OutboxState.Sent, Attempts: 1, LeaseOwner: null, SentAt: not null }, $"{r.Id}: {r.State}, {r.Attempts} attempts"));
    }

    /// <summary>On PostgreSQL the bodies (some 25 KB a digest) are compressed with lz4, not pglz, which cost the server five times the CPU to store them.</summary>
    [Fact]
    public async Task On_postgres_outbox_bodies_are_compressed_with_lz4()
    {
        var hub = await hubs.GetAsync("Postgres");
        var methods = await hub.WithDbAsync(db => db.Database.SqlQueryRaw<string>("""
            SELECT attname::text || '=' || attcompression::text AS "Value" FROM pg_attribute
            WHERE attrelid = '"OutboxBodies"'::regclass AND attname IN ('TextBody', 'HtmlBody') ORDER BY attname
            """).ToListAsync());
        Assert.Equal(["HtmlBody=l", "TextBody=l"], methods);
    }

    private static string Recipient(string what, string provider) =>
        $"{what}-{provider.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";

    private static Task<OutboxMessage> WaitForStateAsync(HubFactory hub, long id, OutboxState state) =>
        Poll.ForAsync(() => hub.WithDbAsync(db =>
            db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.State == state)),
            $"outbox message {id} to be {state}");
}
