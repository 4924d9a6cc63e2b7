using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using ResearchHub.Core.Web;

namespace ResearchHub.Federation.Api;

/// <summary>
/// /sitemap.xml (sitemaps.org 0.9): what anyone may read, so search engines and scholarly indexes
/// find every record: what each module contributes (<see cref="ISitemapSource"/>): published pages,
/// public resources, public meetings and public codebooks.
/// 50,000 URLs at most, the protocol's limit per file, newest first. And /robots.txt, which points
/// crawlers to it and keeps them out of the administration, account and API addresses.
/// </summary>
public static class SitemapEndpoints
{
    private const int MaxUrls = 50_000;
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static IEndpointRouteBuilder MapSitemap(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(FederationUrls.Sitemap, async ([FromServices] IEnumerable<ISitemapSource> sources, PublicUrls urls, CancellationToken ct) =>
        {
            // Each module lists what anyone may read by its own rule: landing pages first, then records.
            var ordered = sources.OrderBy(s => s.Order).ToList();
            var entries = ordered.SelectMany(s => s.LandingPaths).Select(path => (Path: path, Modified: (DateTimeOffset?)null)).ToList();
            foreach (var source in ordered)
            {
                entries.AddRange((await source.EntriesAsync(MaxUrls, ct)).Select(e => (e.Path, e.Modified)));
            }

            using var buffer = new MemoryStream();
            using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            {
                xml.WriteStartElement("urlset", Ns);
                foreach (var (path, modified) in entries.Take(MaxUrls))
                {
                    xml.WriteStartElement("url", Ns);
                    xml.WriteElementString("loc", Ns, urls.Absolute(path));
                    if (modified is { } at)
                    {
                        xml.WriteElementString("lastmod", Ns, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            return Results.Bytes(buffer.ToArray(), "application/xml; charset=utf-8");
        }).ExcludeFromDescription();

        endpoints.MapGet(FederationUrls.Robots, (PublicUrls urls) => Results.Text(
            "User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /api\n\nSitemap: " + urls.Absolute(FederationUrls.Sitemap) + "\n",
            "text/plain", Encoding.UTF8)).ExcludeFromDescription();
        return endpoints;
    }
}
