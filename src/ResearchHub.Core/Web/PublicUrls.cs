namespace ResearchHub.Core.Web;

/// <summary>
/// Absolute links for email, feeds, sitemaps, OAI-PMH and API headers, always on the hub's
/// canonical address (<see cref="SiteAddress"/>), never on the request's Host: in a request, in a
/// background job and in a verb alike.
/// </summary>
public sealed class PublicUrls(SiteAddress address)
{
    public string BaseUrl => address.BaseUrl;

    public string Absolute(string pathAndQuery) => BaseUrl + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);
}
