using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace ResearchHub.Core.Web;

/// <summary>
/// Absolute links for email and feeds: "Hub:BaseUrl" when set (behind a proxy, in background jobs),
/// otherwise the scheme and host of the current request.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration, IHttpContextAccessor http)
{
    public string BaseUrl
    {
        get
        {
            var configured = configuration["Hub:BaseUrl"];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.TrimEnd('/');
            }

            var request = http.HttpContext?.Request
                ?? throw new InvalidOperationException("Hub:BaseUrl must be set to build links outside a request.");
            return $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
        }
    }

    public string Absolute(string pathAndQuery) => BaseUrl + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);
}
