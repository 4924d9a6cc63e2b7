using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// "Hub:ForwardedHeaders": running behind a reverse proxy. When it names the proxies
/// (<c>KnownProxies</c>: addresses) or their networks (<c>KnownNetworks</c>: CIDR ranges), requests
/// from them have their client address, scheme and host taken from X-Forwarded-For, -Proto and -Host
/// (at most <c>ForwardLimit</c> hops, 1 by default), so rate limits and the audit log see each client
/// and links and cookies know the request came over HTTPS. Headers from anyone else are ignored;
/// without the section no forwarded header is read at all.
/// </summary>
public static class HubForwardedHeaders
{
    public const string Section = "Hub:ForwardedHeaders";

    /// <summary>Configures the middleware's options; false when no proxy is configured (then it is not used).</summary>
    public static bool Configure(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = List(section.GetSection("KnownProxies"));
        var networks = List(section.GetSection("KnownNetworks"));
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return false;
        }

        var proxyAddresses = proxies.Select(p => IPAddress.TryParse(p, out var ip) ? ip
            : throw new InvalidOperationException($"{Section}:KnownProxies: \"{p}\" is not an IP address.")).ToList();
        var proxyNetworks = networks.Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks: \"{n}\" is not a network like 10.0.0.0/8.")).ToList();
        var limit = section.GetValue("ForwardLimit", 1);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = limit;
            // Only what is configured: not the framework's default of trusting loopback.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxyAddresses.ForEach(o.KnownProxies.Add);
            proxyNetworks.ForEach(o.KnownIPNetworks.Add);
        });
        return true;
    }

    /// <summary>An array section (KnownProxies:0, :1, ...) or one value with ; or , between entries.</summary>
    private static List<string> List(IConfigurationSection section) =>
        (section.Value is { Length: > 0 } single
            ? single.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0))
        .ToList();
}
