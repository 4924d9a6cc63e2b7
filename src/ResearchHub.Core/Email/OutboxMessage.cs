using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ResearchHub.Core.Email;

/// <summary>
/// A message waiting to be sent, written in the same transaction as the change that caused it.
/// The delivery worker claims it with a lease, so no two workers (or nodes) send the same row.
/// The bodies (text, HTML, headers, attachments) are mapped to a second table, "OutboxBodies",
/// keyed by the same id (EF entity splitting), so the status row that gets updated stays small.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>What caused it ("invitation", "password-reset", "test"), for the admin page.</summary>
    public required string Kind { get; set; }
    public required string MessageId { get; set; }
    public required string From { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    /// <summary>Extra headers as JSON (List-Unsubscribe and the like).</summary>
    public string? HeadersJson { get; set; }
    /// <summary>Attachments as JSON (file name, content type, base64 content).</summary>
    public string? AttachmentsJson { get; set; }
    /// <summary>
    /// Set by senders that must never produce two messages for one cause (a digest for a member,
    /// group and period; a reminder for a registration): unique, so a second insert fails.
    /// </summary>
    public string? DedupKey { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>The .eml file, when the pickup transport wrote it (relative to the pickup folder).</summary>
    public string? PickupFile { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");

        // The bodies live in their own table, written once: claiming a row and marking it sent
        // update only the narrow status row (SQLite rewrites a whole record on UPDATE, so with the
        // bodies inline every claim and every mark rewrote some 30 KB per digest).
        builder.SplitToTable("OutboxBodies", t =>
        {
            t.Property(m => m.TextBody);
            t.Property(m => m.HtmlBody);
            t.Property(m => m.HeadersJson);
            t.Property(m => m.AttachmentsJson);
        });
        builder.Property(m => m.Kind).HasMaxLength(64);
        builder.Property(m => m.MessageId).HasMaxLength(256);
        builder.Property(m => m.From).HasMaxLength(512);
        builder.Property(m => m.To).HasMaxLength(512);
        builder.Property(m => m.Subject).HasMaxLength(998);
        builder.Property(m => m.LeaseOwner).HasMaxLength(128);
        builder.Property(m => m.PickupFile).HasMaxLength(256);
        builder.Property(m => m.State).HasConversion<int>();
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.Property(m => m.DedupKey).HasMaxLength(200);
        builder.HasIndex(m => m.DedupKey).IsUnique();
    }
}
