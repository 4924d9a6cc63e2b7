namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// A TimeProvider the test moves by hand (register it with
/// <c>factory.ConfigureServices(s => s.AddSingleton&lt;TimeProvider&gt;(clock))</c>). Timers and
/// delays keep real time (the outbox worker still polls); only "now" is controlled.
/// </summary>
public sealed class TestClock(DateTimeOffset? start = null) : TimeProvider
{
    private readonly Lock _gate = new();

    // Whole seconds: PostgreSQL keeps microseconds and SQLite ticks, so a round trip compares equal.
    private DateTimeOffset _now = start ?? DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
