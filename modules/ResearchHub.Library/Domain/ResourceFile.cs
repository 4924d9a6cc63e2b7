namespace ResearchHub.Library.Domain;

/// <summary>
/// A file attached to a resource. The bytes are in the file store under <see cref="Sha256"/>; this
/// row is also the durable job of extracting the file's text (claimed by a lease, see TextExtractionService).
/// </summary>
public sealed class ResourceFile
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    /// <summary>The uploader's name for it, sanitised.</summary>
    public required string FileName { get; set; }
    /// <summary>As detected from the bytes, not as the browser claimed.</summary>
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public string? UploadedById { get; set; }

    public ExtractionState ExtractionState { get; set; }
    public string? ExtractedText { get; set; }
    /// <summary>Why the text could not be extracted, for the resource page.</summary>
    public string? ExtractionError { get; set; }
    public int ExtractionAttempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? ExtractedAt { get; set; }
}
