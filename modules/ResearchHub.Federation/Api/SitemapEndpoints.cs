using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Web;
using ResearchHub.Library;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Meetings.Domain;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Federation.Api;

/// <summary>
/// /sitemap.xml (sitemaps.org 0.9): what anyone may read, so search engines and scholarly indexes
/// find every record: published pages, public resources, public meetings and public codebooks.
/// 50,000 URLs at most, the protocol's limit per file, newest first. And /robots.txt, which points
/// crawlers to it and keeps them out of the administration, account and API addresses.
/// </summary>
public static class SitemapEndpoints
{
    private const int MaxUrls = 50_000;
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static IEndpointRouteBuilder MapSitemap(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sitemap.xml", async (HubDbContext db, PublicUrls urls, CancellationToken ct) =>
        {
            var entries = new List<(string Path, DateTimeOffset? Modified)> { ("/", null), (LibraryUrls.List, null), ("/meetings", null) };
            entries.AddRange((await db.Set<Page>().AsNoTracking().Where(p => p.Published).OrderBy(p => p.Slug).Select(p => p.Slug).ToListAsync(ct))
                .Select(slug => ($"/pages/{slug}", (DateTimeOffset?)null)));
            entries.AddRange((await db.Set<Resource>().AsNoTracking().Where(r => r.Visibility == ResourceVisibility.Public)
                    .OrderByDescending(r => r.UpdatedAt).Take(MaxUrls).Select(r => new { r.Id, r.Slug, r.UpdatedAt }).ToListAsync(ct))
                .Select(r => (LibraryUrls.Show(r.Id, r.Slug), (DateTimeOffset?)r.UpdatedAt)));
            entries.AddRange((await db.Set<Meeting>().AsNoTracking().Where(m => m.Visibility == MeetingVisibility.Public)
                    .OrderByDescending(m => m.UpdatedAt).Take(MaxUrls).Select(m => new { m.Id, m.UpdatedAt }).ToListAsync(ct))
                .Select(m => ($"/meetings/{m.Id}", (DateTimeOffset?)m.UpdatedAt)));
            // The codebooks' own rule decides what an anonymous visitor may read.
            entries.AddRange((await db.Set<Codebook>().AsNoTracking().VisibleTo(LibraryViewer.Anonymous)
                    .OrderByDescending(c => c.UpdatedAt).Take(MaxUrls).Select(c => new { c.Id, c.UpdatedAt }).ToListAsync(ct))
                .Select(c => (CodebookUrls.Show(c.Id), (DateTimeOffset?)c.UpdatedAt)));

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

        endpoints.MapGet("/robots.txt", (PublicUrls urls) => Results.Text(
            "User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /api\n\nSitemap: " + urls.Absolute("/sitemap.xml") + "\n",
            "text/plain", Encoding.UTF8)).ExcludeFromDescription();
        return endpoints;
    }
}
