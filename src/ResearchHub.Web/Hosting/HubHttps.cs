namespace ResearchHub.Web.Hosting;

/// <summary>Whether the site itself listens on HTTPS (then plain HTTP is redirected to it).</summary>
public static class HubHttps
{
    /// <summary>An https:// address in "Urls" or in a Kestrel endpoint ("Kestrel:Endpoints:NAME:Url").</summary>
    public static bool EndpointConfigured(IConfiguration configuration) =>
        (configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(IsHttps)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => IsHttps(e["Url"] ?? ""));

    private static bool IsHttps(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
