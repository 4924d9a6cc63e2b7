namespace ResearchHub.Core.Files;

/// <summary>
/// Content-addressed storage for uploaded files: a file is named by the SHA-256 of its bytes, so the
/// same bytes are stored once and a stored file never changes. Metadata (names, owners, access
/// rules) lives in the database; the store only holds bytes. A shared volume or an object store can
/// replace the local implementation.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Copies <paramref name="content"/> to a temporary file, hashing as it goes, and stops with
    /// <see cref="FileTooLargeException"/> as soon as more than <paramref name="maxBytes"/> arrive
    /// (the partial file is deleted). The caller inspects the staged file, then commits or disposes it.
    /// </summary>
    Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken ct);

    /// <summary>Moves a staged file to its content address (atomically); returns the SHA-256.</summary>
    Task<string> CommitAsync(StagedFile staged, CancellationToken ct);

    /// <summary>Opens a stored file for reading, or null when the store does not hold it.</summary>
    Stream? OpenRead(string sha256);

    bool Exists(string sha256);
}
