namespace ResearchHub.Core.Email;

public sealed class OutboxSettings
{
    /// <summary>How often the worker looks for due messages.</summary>
    public double PollSeconds { get; set; } = 2;
    /// <summary>After this many failed attempts a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The first retry waits this long; each further retry doubles it, up to an hour.</summary>
    public double RetryBaseSeconds { get; set; } = 30;
    /// <summary>How long a worker owns a claimed message; longer than the SMTP timeout.</summary>
    public double LeaseSeconds { get; set; } = 180;
    /// <summary>Messages claimed at once (one statement) and sent over one SMTP session.</summary>
    public int BatchSize { get; set; } = 50;
    /// <summary>
    /// SMTP sessions a node's delivery pass keeps open at once, each with its own claims. Their
    /// envelopes and contents overlap; their deliveries take turns (<see cref="OutboxSequencer"/>),
    /// so the guarantee of at most one message delivered and not yet recorded holds. 1: one
    /// session, strictly one message after another.
    /// </summary>
    public int Sessions { get; set; } = 2;
    /// <summary>At most this many messages per second from this node (0: as fast as the relay takes them).</summary>
    public double MaxPerSecond { get; set; }
}
