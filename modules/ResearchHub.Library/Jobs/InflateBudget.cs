namespace ResearchHub.Library.Jobs;

/// <summary>What all the parts read from one archive have inflated to so far.</summary>
internal sealed class InflateBudget(long maxTotalBytes)
{
    public long MaxTotalBytes { get; } = maxTotalBytes;

    public long Used { get; set; }
}
