namespace ResearchHub.Core.Files;

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
