using Microsoft.AspNetCore.Http;
using ResearchHub.Library.Services;

namespace ResearchHub.Library;

/// <summary>
/// Advertises the Atom feed. The layout has no section in &lt;head&gt; yet, so the link goes in an HTTP
/// Link header (RFC 8288), which feed readers honour the same way as a &lt;link rel="alternate"&gt;.
/// </summary>
public static class FeedLink
{
    public static void Advertise(HttpResponse response, ResourceFilter? filter = null)
    {
        if (response.HasStarted)
        {
            return; // a partial rendered after the page began streaming: the link is a courtesy, not worth an error
        }

        var query = filter is null ? "" : ResourceFilterQuery.ToQueryString(new ResourceFilter { Kind = filter.Kind, OrganisationId = filter.OrganisationId }, includeSort: false);
        response.Headers.Append("Link", $"<{LibraryUrls.Feed}{query}>; rel=\"alternate\"; type=\"application/atom+xml\"; title=\"Newly published resources\"");
    }
}
