using Microsoft.AspNetCore.Http;
using ResearchHub.Core.Web;
using ResearchHub.Library.Services;

namespace ResearchHub.Library;

/// <summary>
/// Advertises the Atom feed: a &lt;link rel="alternate"&gt; in the page's head (through
/// <see cref="PageHead"/>), and the same as an HTTP Link header (RFC 8288) for clients that do not
/// parse HTML.
/// </summary>
public static class FeedLink
{
    public const string Title = "Newly published resources";

    public static void Advertise(HttpResponse response, PageHead head, ResourceFilter? filter = null)
    {
        var query = filter is null ? "" : ResourceFilterQuery.ToQueryString(new ResourceFilter { Kind = filter.Kind, OrganisationId = filter.OrganisationId }, includeSort: false);
        var href = LibraryUrls.Feed + query;
        head.AddFeed(href, Title);
        if (!response.HasStarted)
        {
            response.Headers.Append("Link", $"<{href}>; rel=\"alternate\"; type=\"application/atom+xml\"; title=\"{Title}\"");
        }
    }
}
