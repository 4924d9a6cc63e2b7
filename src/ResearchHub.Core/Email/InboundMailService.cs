using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Email;

/// <summary>
/// Reads the hub's one mailbox with MailKit's <see cref="ImapClient"/> and hands each message to
/// the <see cref="IInboundMailHandler"/>s. Each message is processed once, even with several nodes
/// polling the same mailbox: its outcome is recorded under its Message-ID (unique) in the same
/// transaction as what the handler wrote, so a second node's attempt fails on the key and rolls
/// back; then it is moved to the processed folder. A message whose processing failed stays in the
/// folder for the next pass.
/// </summary>
public sealed class InboundMailService(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider clock, ILogger<InboundMailService> logger)
{
    /// <summary>One pass over the folder; returns how many messages this node processed.</summary>
    public async Task<int> PollAsync(CancellationToken ct)
    {
        var settings = options.Value.Inbound;
        using var client = new ImapClient { Timeout = (int)TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)).TotalMilliseconds };
        var security = settings.ImplicitTls ? SecureSocketOptions.SslOnConnect : settings.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        await client.ConnectAsync(settings.Host, settings.Port, security, ct);
        await client.AuthenticateAsync(settings.UserName ?? "", settings.Password ?? "", ct);
        var inbox = await client.GetFolderAsync(settings.Folder, ct);
        await inbox.OpenAsync(FolderAccess.ReadWrite, ct);
        var processed = await ProcessedFolderAsync(client, settings.ProcessedFolder, ct);

        var done = 0;
        foreach (var uid in await inbox.SearchAsync(SearchQuery.All, ct))
        {
            MimeMessage message;
            try
            {
                message = await inbox.GetMessageAsync(uid, ct);
            }
            catch (Exception ex) when (ex is MessageNotFoundException or FormatException)
            {
                // Another node moved it meanwhile (the server then answers with an empty message).
                logger.LogDebug(ex, "Message {Uid} is gone from {Folder}", uid, settings.Folder);
                continue;
            }

            if (await ProcessAsync(message, ct) is not null)
            {
                done++;
            }
            else if (!await RecordedBeforeAsync(Key(message), clock.GetUtcNow().AddSeconds(-Math.Max(60, settings.PollSeconds)), ct))
            {
                // Processed a moment ago by another node, which moves it: moving it here too would
                // copy it twice. A message left behind by a node that died before moving it is
                // moved by the next pass after this.
                continue;
            }

            try
            {
                await inbox.MoveToAsync(uid, processed, ct);
            }
            catch (Exception ex) when (ex is MessageNotFoundException or ImapCommandException)
            {
                logger.LogDebug(ex, "Message {Uid} was moved by another node", uid);
            }
        }

        await client.DisconnectAsync(quit: true, ct);
        return done;
    }

    /// <summary>
    /// Processes one message in a transaction of its own; returns its outcome, or null when it had
    /// been processed before (by this node or another).
    /// </summary>
    public async Task<string?> ProcessAsync(MimeMessage message, CancellationToken ct)
    {
        var key = Key(message);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        if (await db.Set<InboundMessage>().AnyAsync(m => m.MessageKey == key, ct))
        {
            return null;
        }

        try
        {
            await using var transaction = await UnitOfWork.BeginAsync(db, ct);
            // The record first: a second node reading the same message waits on (PostgreSQL) or
            // fails on (both) this key before it has written anything.
            db.Add(new InboundMessage
            {
                MessageKey = key,
                From = Truncate(message.From.ToString(), 512),
                Subject = Truncate(message.Subject ?? "", 998),
                Outcome = "processing",
                ProcessedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(ct);

            var outcome = "ignored: not addressed to anything the hub reads";
            foreach (var handler in scope.ServiceProvider.GetServices<IInboundMailHandler>().OrderBy(h => h.Order))
            {
                if (await handler.HandleAsync(message, ct) is { } result)
                {
                    outcome = result;
                    break;
                }
            }

            await db.Set<InboundMessage>().Where(m => m.MessageKey == key)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Outcome, Truncate(outcome, 500)), ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Inbound message {MessageKey} from {From}: {Outcome}", key, message.From.ToString(), outcome);
            return outcome;
        }
        catch (DbUpdateException ex)
        {
            if (!await ProcessedElsewhereAsync(key, ct))
            {
                throw;
            }

            logger.LogDebug(ex, "Inbound message {MessageKey} was processed by another node", key);
            return null;
        }
    }

    private async Task<bool> RecordedBeforeAsync(string key, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var at = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<InboundMessage>()
            .Where(m => m.MessageKey == key).Select(m => (DateTimeOffset?)m.ProcessedAt).FirstOrDefaultAsync(ct);
        return at is { } t && t < cutoff;
    }

    private async Task<bool> ProcessedElsewhereAsync(string key, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<InboundMessage>().AnyAsync(m => m.MessageKey == key, ct);
    }

    private static string Key(MimeMessage message)
    {
        if (!string.IsNullOrWhiteSpace(message.MessageId))
        {
            return Truncate($"<{message.MessageId}>", 256);
        }

        using var buffer = new MemoryStream();
        message.WriteTo(MessageComposer.Format, buffer);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static async Task<IMailFolder> ProcessedFolderAsync(ImapClient client, string name, CancellationToken ct)
    {
        try
        {
            return await client.GetFolderAsync(name, ct);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            try
            {
                return await root.CreateAsync(name, isMessageFolder: true, ct)
                    ?? throw new InvalidOperationException($"The IMAP server did not create the folder {name}.");
            }
            catch (ImapCommandException)
            {
                return await client.GetFolderAsync(name, ct); // another node created it first
            }
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
