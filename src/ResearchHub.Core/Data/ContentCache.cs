using Microsoft.Extensions.Caching.Memory;

namespace ResearchHub.Core.Data;

/// <summary>
/// Values read from content, kept in this process's memory under the database's <see cref="ChangeStamp"/>
/// (site settings, menus, a viewer's library page with its counts and facets, related resources): after a
/// committed write on any node the stamp differs and nothing read before it is used again. The stamp is
/// read once per request (one primary-key read), again after this process raised it (a request sees its
/// own writes). A key must name everything the value depends on besides content: for what a viewer may
/// see, the viewer's visibility inputs (see the callers). Values are shared between requests: never
/// changed after they are made.
/// </summary>
public sealed class ContentCache(ChangeStamp changeStamp, ContentCacheStore store)
{
    private long? _stamp;
    private long _raisesAtRead;

    /// <summary>The stamp for this request (null before the stamp's migration has run: nothing is cached then).</summary>
    public async ValueTask<long?> StampAsync(CancellationToken ct)
    {
        var raises = ChangeStamp.LocalRaises;
        if (_stamp is null || raises != _raisesAtRead)
        {
            _raisesAtRead = raises;
            _stamp = await changeStamp.TryCurrentAsync(ct);
        }

        return _stamp;
    }

    /// <summary>The value under <paramref name="key"/> for the current stamp, read (and kept) when missing.</summary>
    public Task<T> GetOrReadAsync<T>(string key, Func<CancellationToken, Task<T>> read, CancellationToken ct) =>
        GetOrReadAsync(key, read, static _ => true, ct);

    /// <summary>The value under <paramref name="key"/> for the current stamp, read when missing and kept when <paramref name="keep"/> says so.</summary>
    public async Task<T> GetOrReadAsync<T>(string key, Func<CancellationToken, Task<T>> read, Func<T, bool> keep, CancellationToken ct)
    {
        if (!store.Enabled || await StampAsync(ct) is not { } stamp)
        {
            return await read(ct);
        }

        var entry = new Key(stamp, key);
        if (store.Cache.TryGetValue(entry, out var found) && found is T value)
        {
            return value;
        }

        value = await read(ct);
        if (!keep(value))
        {
            return value;
        }

        store.Cache.Set(entry, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = store.Lifetime });
        return value;
    }

    private sealed record Key(long Stamp, string Name);
}
