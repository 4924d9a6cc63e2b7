using System.Data.Common;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Email;

/// <summary>
/// The only way the hub sends mail: <see cref="Enqueue"/> adds an outbox row to the caller's
/// <see cref="HubDbContext"/>, so it commits (or rolls back) with the change that caused it.
/// </summary>
public sealed class MailOutbox(HubDbContext db, IOptions<MailOptions> options, TimeProvider clock)
{
    /// <param name="dedupKey">When set, a second message with the same key cannot be written (see <see cref="OutboxMessage.DedupKey"/>).</param>
    public OutboxMessage Enqueue(string kind, EmailMessage message, string? dedupKey = null)
    {
        var row = Create(kind, message, dedupKey);
        db.OutboxMessages.Add(row);
        return row;
    }

    /// <summary>
    /// Writes many messages at once, for bulk senders (digests): multi-row INSERTs of the status
    /// rows and their bodies on the context's connection, inside the caller's transaction (required:
    /// the rows commit or roll back with the change that caused them), without change tracking.
    /// A duplicate <see cref="OutboxMessage.DedupKey"/> fails the statement with a
    /// <see cref="DbException"/>, as a second insert through <see cref="Enqueue"/> would fail SaveChanges.
    /// </summary>
    public async Task EnqueueManyAsync(IReadOnlyList<(string Kind, EmailMessage Message, string? DedupKey)> messages, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("EnqueueManyAsync writes in the caller's transaction: begin one first.");
        var connection = transaction.Connection!;
        var sqlite = db.Database.IsSqlite();
        foreach (var chunk in messages.Select(m => Create(m.Kind, m.Message, m.DedupKey)).Chunk(50))
        {
            var ids = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                var sql = new StringBuilder("""INSERT INTO "OutboxMessages" ("Kind", "MessageId", "From", "To", "Subject", "DedupKey", "State", "Attempts", "CreatedAt", "NextAttemptAt") VALUES """);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var row = chunk[i];
                    sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"(@k{i}, @m{i}, @f{i}, @t{i}, @s{i}, @d{i}, {(int)OutboxState.Pending}, 0, @c{i}, @n{i})");
                    Add(command, $"@k{i}", row.Kind);
                    Add(command, $"@m{i}", row.MessageId);
                    Add(command, $"@f{i}", row.From);
                    Add(command, $"@t{i}", row.To);
                    Add(command, $"@s{i}", row.Subject);
                    Add(command, $"@d{i}", row.DedupKey);
                    Add(command, $"@c{i}", sqlite ? row.CreatedAt.UtcTicks : row.CreatedAt.ToUniversalTime());
                    Add(command, $"@n{i}", sqlite ? row.NextAttemptAt.UtcTicks : row.NextAttemptAt.ToUniversalTime());
                }

                command.CommandText = sql.Append(""" RETURNING "Id", "MessageId" """).ToString();
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids[reader.GetString(1)] = reader.GetInt64(0);
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                var sql = new StringBuilder("""INSERT INTO "OutboxBodies" ("Id", "TextBody", "HtmlBody", "HeadersJson", "AttachmentsJson") VALUES """);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var row = chunk[i];
                    row.Id = ids[row.MessageId];
                    sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@i{i}, @b{i}, @h{i}, @j{i}, @a{i})");
                    Add(command, $"@i{i}", row.Id);
                    Add(command, $"@b{i}", row.TextBody);
                    Add(command, $"@h{i}", row.HtmlBody);
                    Add(command, $"@j{i}", row.HeadersJson);
                    Add(command, $"@a{i}", row.AttachmentsJson);
                }

                command.CommandText = sql.ToString();
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private OutboxMessage Create(string kind, EmailMessage message, string? dedupKey)
    {
        if (message.Attachments?.Any(a => a.Content.Length > EmailAttachment.MaxBytes) == true)
        {
            throw new ArgumentException($"An outbox attachment may be at most {EmailAttachment.MaxBytes} bytes.", nameof(message));
        }

        // Refuse a malformed address now, while the caller can still tell the user.
        _ = new MailAddress(message.To);
        var from = new MailAddress(options.Value.From);
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Kind = kind,
            MessageId = $"<{Guid.NewGuid():N}@{from.Host}>",
            From = options.Value.From,
            To = message.To,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            HeadersJson = message.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null,
            AttachmentsJson = message.Attachments is { Count: > 0 } a ? JsonSerializer.Serialize(a) : null,
            DedupKey = dedupKey,
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
