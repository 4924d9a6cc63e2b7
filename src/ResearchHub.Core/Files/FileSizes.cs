namespace ResearchHub.Core.Files;

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
