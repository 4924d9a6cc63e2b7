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

/// <summary>An upload that has been written to a temporary file but not yet stored.</summary>
public sealed class StagedFile : IAsyncDisposable
{
    internal StagedFile(string tempPath, string sha256, long length)
    {
        TempPath = tempPath;
        Sha256 = sha256;
        Length = length;
    }

    internal string TempPath { get; }

    public string Sha256 { get; }

    public long Length { get; }

    internal bool Committed { get; set; }

    /// <summary>Reads the staged bytes (to check their type or extract text before committing).</summary>
    public Stream OpenRead() => new FileStream(TempPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    public ValueTask DisposeAsync()
    {
        if (!Committed)
        {
            try
            {
                File.Delete(TempPath);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless; the store's temp folder is only ever scratch space.
            }
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class FileTooLargeException(long maxBytes)
    : Exception($"The file is larger than the limit of {FileSizes.Format(maxBytes)}.")
{
    public long MaxBytes { get; } = maxBytes;
}

public static class FileSizes
{
    /// <summary>"532 bytes", "14.2 KB", "3.1 MB" (decimal units, as people read sizes).</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1000 => $"{bytes} bytes",
        < 1_000_000 => $"{bytes / 1000.0:0.#} KB",
        < 1_000_000_000 => $"{bytes / 1_000_000.0:0.#} MB",
        _ => $"{bytes / 1_000_000_000.0:0.##} GB",
    };
}
