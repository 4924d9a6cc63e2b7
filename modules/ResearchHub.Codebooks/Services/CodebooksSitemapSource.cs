using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Web;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Services;

/// <summary>The codebooks an anonymous visitor may read (the codebooks' own rule), for /sitemap.xml.</summary>
public sealed class CodebooksSitemapSource(HubDbContext db) : ISitemapSource
{
    public int Order => 30;

    public IReadOnlyList<string> LandingPaths => [];

    public async Task<IReadOnlyList<SitemapEntry>> EntriesAsync(int max, CancellationToken ct) =>
        [.. (await db.Set<Codebook>().AsNoTracking().VisibleTo(LibraryViewer.Anonymous)
                .OrderByDescending(c => c.UpdatedAt).Take(max).Select(c => new { c.Id, c.UpdatedAt }).ToListAsync(ct))
            .Select(c => new SitemapEntry(CodebooksUrls.Show(c.Id), c.UpdatedAt))];
}
