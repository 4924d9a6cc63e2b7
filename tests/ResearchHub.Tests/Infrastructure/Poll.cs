namespace ResearchHub.Tests.Infrastructure;

/// <summary>Waits for a condition by polling, with a deadline: no fixed sleeps in tests.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="probe"/> until it returns a non-null value; fails with <paramref name="what"/> on timeout.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null, TimeSpan? interval = null, CancellationToken ct = default)
        where T : class
    {
        // Elapsed time, not the time of day: a deadline must not move when the clock does.
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (elapsed.Elapsed >= limit)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}.");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> on timeout.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null, CancellationToken ct = default) =>
        await ForAsync<object>(async () => await condition() ? new object() : null, what, timeout, interval, ct);
}
