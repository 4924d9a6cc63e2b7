namespace ResearchHub.Federation;

public sealed class HarvesterOptions
{
    /// <summary>The largest response body read from a source; a larger one stops the run.</summary>
    public long MaxResponseBytes { get; set; } = 16 * 1024 * 1024;
    /// <summary>Pages one run follows at most: a source that never stops issuing tokens is cut off.</summary>
    public int MaxPages { get; set; } = 10_000;
    public int MaxAttempts { get; set; } = 5;
    public double RetryBaseSeconds { get; set; } = 2;
    /// <summary>The longest Retry-After honoured; a source asking for more stops the run.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 300;
    public double TimeoutSeconds { get; set; } = 100;
    public bool RunWorker { get; set; } = true;
    public double PollSeconds { get; set; } = 60;
}
