using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Web;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Pages.Services;

/// <summary>The home page and the published pages, for /sitemap.xml.</summary>
public sealed class PagesSitemapSource(HubDbContext db) : ISitemapSource
{
    public int Order => 0;

    public IReadOnlyList<string> LandingPaths => ["/"];

    public async Task<IReadOnlyList<SitemapEntry>> EntriesAsync(int max, CancellationToken ct) =>
        [.. (await db.Set<Page>().AsNoTracking().Where(p => p.Published).OrderBy(p => p.Slug).Select(p => p.Slug).ToListAsync(ct))
            .Select(slug => new SitemapEntry($"/pages/{slug}", null))];
}
