using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ResearchHub.Core.Email;

/// <summary>
/// Paces delivery to <see cref="OutboxSettings.MaxPerSecond"/> for this node: each message gets the
/// next free slot, spaced 1/rate apart, and waits for it. A singleton, so the pace holds across
/// the worker's passes. Real elapsed time, not the hub's <see cref="TimeProvider"/>: a relay's
/// rate limit is about seconds on the wall.
/// </summary>
public sealed class OutboxThrottle(IOptions<MailOptions> options)
{
    private readonly Lock _gate = new();
    private long _next;

    public async ValueTask WaitAsync(CancellationToken ct)
    {
        var rate = options.Value.Outbox.MaxPerSecond;
        if (rate <= 0)
        {
            return;
        }

        var interval = (long)(Stopwatch.Frequency / rate);
        long wait;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            var slot = Math.Max(now, _next);
            _next = slot + interval;
            wait = slot - now;
        }

        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), ct);
        }
    }
}
