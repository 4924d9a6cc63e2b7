using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResearchHub.Core.Data;
using ResearchHub.Core.Settings;

namespace ResearchHub.Core.Web;

/// <summary>
/// The hub's one canonical public address (scheme, host, port, path base; no trailing slash), which
/// every absolute link uses and which is the only Host requests may name (besides "AllowedHosts").
/// In order: "Hub:BaseUrl" when configured (it overrides); else the "BaseUrl" site setting an
/// administrator keeps at /admin/site-address (stored on first run); else the address derived from
/// the listening URLs ("Urls", http://localhost:5080 by default). Never the request's Host, so a
/// forged Host cannot reach a link in mail, a feed or an API header, and background jobs and verbs
/// build the same links as requests do.
/// </summary>
public sealed class SiteAddress(IConfiguration configuration, IServiceScopeFactory scopes, TimeProvider clock, ILogger<SiteAddress> logger)
{
    /// <summary>How long a node trusts its copy of the stored setting (another node's change is seen within this).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    public const string DefaultListeningUrl = "http://localhost:5080";

    private readonly Lock _gate = new();
    private Stored? _stored;
    private int _refreshing;

    private sealed record Stored(string? Value, DateTimeOffset LoadedAt);

    /// <summary>"Hub:BaseUrl", normalised; null when not configured (or not a valid address).</summary>
    public string? Configured => Normalize(configuration["Hub:BaseUrl"]);

    /// <summary>The address derived from the listening URLs: the first https one, else the first; wildcard hosts become localhost.</summary>
    public string Default => FromListeningUrls(configuration["Urls"]);

    /// <summary>The canonical address now.</summary>
    public string BaseUrl => Configured ?? StoredValue() ?? Default;

    /// <summary>The canonical address's host name (no port), which requests must name.</summary>
    public string Host => new Uri(BaseUrl).Host;

    /// <summary>Reads the stored setting now (after an administrator changed it, and at start-up).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var value = await db.SiteSettings.AsNoTracking().Where(s => s.Key == SiteSettingKeys.BaseUrl).Select(s => s.Value).FirstOrDefaultAsync(ct);
        lock (_gate)
        {
            _stored = new Stored(Normalize(value), clock.GetUtcNow());
        }
    }

    private string? StoredValue()
    {
        Stored? stored;
        lock (_gate)
        {
            stored = _stored;
        }

        if (stored is null)
        {
            // First use in this process (a verb, or a job before any request): read it once, synchronously.
            try
            {
                RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                // No schema yet (before migrations): the derived address, and try again next time.
                logger.LogDebug(ex, "The stored site address could not be read yet");
                return null;
            }

            lock (_gate)
            {
                return _stored?.Value;
            }
        }

        if (clock.GetUtcNow() - stored.LoadedAt > RefreshInterval && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            // Stale: answer with the copy at hand and read the setting again in the background.
            _ = Task.Run(async () =>
            {
                try
                {
                    await RefreshAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
                {
                    logger.LogWarning(ex, "The stored site address could not be read; keeping {BaseUrl}", stored.Value);
                }
                finally
                {
                    Volatile.Write(ref _refreshing, 0);
                }
            });
        }

        return stored.Value;
    }

    /// <summary>
    /// An absolute http(s) address without query or fragment, lower-case scheme and host, no trailing
    /// slash ("https://hub.example.org", "http://localhost:5080", "https://example.org/hub"); null when
    /// <paramref name="url"/> is not one.
    /// </summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Scheme}://{uri.Host}{port}{uri.AbsolutePath}".TrimEnd('/');
    }

    /// <summary>The public address implied by listening URLs ("http://+:8080;https://*:8443" → "https://localhost:8443").</summary>
    public static string FromListeningUrls(string? urls)
    {
        var candidates = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Normalize(WildcardToLocalhost(u)))
            .OfType<string>()
            .ToList();
        return candidates.FirstOrDefault(u => u.StartsWith("https://", StringComparison.Ordinal))
            ?? candidates.FirstOrDefault()
            ?? DefaultListeningUrl;
    }

    /// <summary>True for localhost and loopback addresses, where links in mail reach nobody else.</summary>
    public static bool IsLocal(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    private static string WildcardToLocalhost(string url)
    {
        // Kestrel's "any address" forms: http://+:80, http://*:80, http://0.0.0.0:80, http://[::]:80.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return url;
        }

        var rest = url[(schemeEnd + 3)..];
        foreach (var wildcard in new[] { "+", "*", "0.0.0.0", "[::]" })
        {
            if (rest.StartsWith(wildcard + ":", StringComparison.Ordinal) || rest.StartsWith(wildcard + "/", StringComparison.Ordinal) || rest == wildcard)
            {
                return url[..(schemeEnd + 3)] + "localhost" + rest[wildcard.Length..];
            }
        }

        return url;
    }
}
