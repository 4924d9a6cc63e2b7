namespace ResearchHub.MailingGroups.Domain;

/// <summary>
/// A file attached to a post, on the site or by email: the bytes in Core's content-addressed file
/// store (type judged by the bytes, size limited while it streams), the metadata here. Whoever may
/// read the post's thread may download it.
/// </summary>
public sealed class PostAttachment
{
    public long Id { get; set; }
    public long PostId { get; set; }
    /// <summary>The sanitised name, with the extension of the detected type.</summary>
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required string Sha256 { get; set; }
    public long Length { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
