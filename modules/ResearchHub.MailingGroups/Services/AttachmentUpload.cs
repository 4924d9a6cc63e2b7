namespace ResearchHub.MailingGroups.Services;

/// <summary>A file offered with a post: the name its sender gave it and a way to read its bytes (a form file, a MIME part).</summary>
public sealed record AttachmentUpload(string? FileName, Func<Stream> Open);
