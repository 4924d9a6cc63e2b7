using ResearchHub.Core.Files;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// A post's files checked and staged in the file store, not yet stored (see
/// <see cref="PostAttachmentService"/>); or the reason they were refused. Disposing deletes what
/// was staged and not stored.
/// </summary>
public sealed class StagedAttachments : IAsyncDisposable
{
    internal StagedAttachments(string? problem) => Problem = problem;

    /// <summary>Why the files were refused (the first problem, naming the file), or null.</summary>
    public string? Problem { get; }

    internal List<(StagedFile File, DetectedFileType Type, string FileName)> Files { get; } = [];

    public int Count => Files.Count;

    public async ValueTask DisposeAsync()
    {
        foreach (var (file, _, _) in Files)
        {
            await file.DisposeAsync();
        }
    }
}
