namespace ResearchHub.Core.Files;

public sealed class FileTooLargeException(long maxBytes)
    : Exception($"The file is larger than the limit of {FileSizes.Format(maxBytes)}.")
{
    public long MaxBytes { get; } = maxBytes;
}
