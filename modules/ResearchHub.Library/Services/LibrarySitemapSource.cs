using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Web;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>The library's list and its resources an anonymous visitor may read, for /sitemap.xml.</summary>
public sealed class LibrarySitemapSource(HubDbContext db) : ISitemapSource
{
    public int Order => 10;

    public IReadOnlyList<string> LandingPaths => [LibraryUrls.List];

    public async Task<IReadOnlyList<SitemapEntry>> EntriesAsync(int max, CancellationToken ct) =>
        [.. (await db.Set<Resource>().AsNoTracking().VisibleTo(LibraryViewer.Anonymous)
                .OrderByDescending(r => r.UpdatedAt).Take(max).Select(r => new { r.Id, r.Slug, r.UpdatedAt }).ToListAsync(ct))
            .Select(r => new SitemapEntry(LibraryUrls.Show(r.Id, r.Slug), r.UpdatedAt))];
}
