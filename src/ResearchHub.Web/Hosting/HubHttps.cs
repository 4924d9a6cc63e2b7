namespace ResearchHub.Web.Hosting;

/// <summary>Whether the site itself listens on HTTPS (then plain HTTP is redirected to it), and on which port.</summary>
public static class HubHttps
{
    /// <summary>An https:// address in "Urls" or in a Kestrel endpoint ("Kestrel:Endpoints:NAME:Url").</summary>
    public static bool EndpointConfigured(IConfiguration configuration) => Port(configuration) is not null;

    /// <summary>
    /// The port of the first configured https:// address, given to the redirect up front: left to find
    /// it from the server's addresses, the redirect gives up for good when the first request arrives
    /// between Kestrel binding the HTTP and the HTTPS endpoint.
    /// </summary>
    public static int? Port(IConfiguration configuration) =>
        (configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? ""))
            .Where(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .Select(u => Uri.TryCreate(u.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : 443)
            .Cast<int?>()
            .FirstOrDefault();
}
