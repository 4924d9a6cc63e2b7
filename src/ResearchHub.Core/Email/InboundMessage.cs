using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ResearchHub.Core.Email;

/// <summary>
/// A message read from the inbound mailbox, recorded in the same transaction as what it caused (a
/// post, an unsubscription, a bounce): the unique key makes a second reading, by this node or
/// another polling at the same time, change nothing.
/// </summary>
public sealed class InboundMessage
{
    public long Id { get; set; }
    /// <summary>The Message-ID, or a hash of the message when it has none.</summary>
    public required string MessageKey { get; set; }
    public string? From { get; set; }
    public string? Subject { get; set; }
    /// <summary>What became of it ("post 12", "bounce counted", "refused: not a member"), for the admin.</summary>
    public required string Outcome { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("InboundMessages");
        builder.Property(m => m.MessageKey).HasMaxLength(256);
        builder.HasIndex(m => m.MessageKey).IsUnique();
        builder.Property(m => m.From).HasMaxLength(512);
        builder.Property(m => m.Subject).HasMaxLength(998);
        builder.Property(m => m.Outcome).HasMaxLength(500);
    }
}
