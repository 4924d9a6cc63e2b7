using ResearchHub.Core.Web;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// Refuses (400) a request whose Host is neither the canonical address's host (<see cref="SiteAddress"/>)
/// nor an "AllowedHosts" entry ("hub.example.org", "*.example.org", or "*" for any; ports are not
/// compared), so the site never answers under a name it does not own. The health probes answer under
/// any name: orchestrators call them by an internal address, and they build no links.
/// </summary>
public sealed class CanonicalHostMiddleware(RequestDelegate next, SiteAddress address, IConfiguration configuration, ILogger<CanonicalHostMiddleware> logger)
{
    private readonly string[] _allowed = (configuration["AllowedHosts"] ?? "")
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (IsAllowed(host) || context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz"))
        {
            return next(context);
        }

        logger.LogWarning("Refused a request for host {Host}: the site answers at {BaseUrl}", host, address.BaseUrl);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"Bad request: this site answers at {address.BaseUrl}/ only.\n", context.RequestAborted);
    }

    private bool IsAllowed(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (host.Equals(address.Host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var entry in _allowed)
        {
            if (entry == "*"
                || host.Equals(entry, StringComparison.OrdinalIgnoreCase)
                || (entry.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
