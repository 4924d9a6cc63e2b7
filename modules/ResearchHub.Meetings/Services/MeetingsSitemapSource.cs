using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Web;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>The meetings list and the meetings an anonymous visitor may read, for /sitemap.xml.</summary>
public sealed class MeetingsSitemapSource(HubDbContext db) : ISitemapSource
{
    public int Order => 20;

    public IReadOnlyList<string> LandingPaths => ["/meetings"];

    public async Task<IReadOnlyList<SitemapEntry>> EntriesAsync(int max, CancellationToken ct) =>
        [.. (await MeetingAccess.VisibleToMember(db.Set<Meeting>().AsNoTracking(), isMember: false)
                .OrderByDescending(m => m.UpdatedAt).Take(max).Select(m => new { m.Id, m.UpdatedAt }).ToListAsync(ct))
            .Select(m => new SitemapEntry(MeetingsUrls.Meeting(m.Id), m.UpdatedAt))];
}
