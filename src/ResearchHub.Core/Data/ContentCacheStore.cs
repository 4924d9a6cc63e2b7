using Microsoft.Extensions.Caching.Memory;

namespace ResearchHub.Core.Data;

/// <summary>
/// The process's memory for <see cref="ContentCache"/>: at most <c>Hub:ContentCache:Entries</c> values
/// (default 20,000), each kept <c>Hub:ContentCache:Seconds</c> at most (default 60; 0 turns the cache off).
/// Entries of an old stamp are never read again and leave when they expire or the store is full.
/// </summary>
public sealed class ContentCacheStore : IDisposable
{
    public ContentCacheStore(TimeSpan lifetime, int entries)
    {
        Lifetime = lifetime;
        Cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, entries) });
    }

    public TimeSpan Lifetime { get; }

    public bool Enabled => Lifetime > TimeSpan.Zero;

    internal MemoryCache Cache { get; }

    public void Dispose() => Cache.Dispose();
}
