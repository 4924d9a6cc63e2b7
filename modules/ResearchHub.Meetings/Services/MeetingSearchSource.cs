using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// What meetings contribute to search: title, description, agenda and the current minutes, visible
/// to everyone (public meetings) or to members (network meetings). Written by MeetingService in
/// its own transactions; listed in full when the index is rebuilt.
/// </summary>
public sealed class MeetingSearchSource(HubDbContext db, ISearchIndexer indexer) : IdSearchSource(indexer)
{
    public const string TypeName = "meeting";

    public override string Type => TypeName;

    protected override Task<List<long>> IdsAfterAsync(long after, int count, CancellationToken ct) =>
        db.Set<Meeting>().Where(m => m.Id > after).OrderBy(m => m.Id).Select(m => m.Id).Take(count).ToListAsync(ct);

    protected override async Task<List<SearchDocument>> BuildAsync(List<long> ids, CancellationToken ct)
    {
        var meetings = await db.Set<Meeting>().AsNoTracking().Where(m => ids.Contains(m.Id))
            .Include(m => m.AgendaItems).OrderBy(m => m.Id).ToListAsync(ct);
        var minutes = await db.Set<MinutesRevision>().AsNoTracking().Where(r => ids.Contains(r.MeetingId))
            .GroupBy(r => r.MeetingId)
            .Select(g => g.OrderByDescending(r => r.Number).Select(r => new { r.MeetingId, r.BodyMarkdown }).First())
            .ToDictionaryAsync(r => r.MeetingId, r => r.BodyMarkdown, ct);
        return meetings.Select(m => new SearchDocument
        {
            Type = TypeName,
            Key = m.Id.ToString(CultureInfo.InvariantCulture),
            Title = m.Status == MeetingStatus.Cancelled ? $"{m.Title} (cancelled)" : m.Title,
            Summary = m.DescriptionMarkdown,
            Body = string.Join("\n", m.AgendaItems.OrderBy(a => a.StartUtc).Select(a => string.IsNullOrWhiteSpace(a.Notes) ? a.Title : $"{a.Title}: {a.Notes}"))
                + "\n\n" + minutes.GetValueOrDefault(m.Id, ""),
            Extra = m.Venue ?? "",
            Url = MeetingsUrls.Meeting(m.Id),
            Kind = "Meeting",
            Year = m.StartUtc.Year,
            Date = m.StartUtc,
            Visibility = m.Visibility == MeetingVisibility.Public ? SearchVisibility.Public : SearchVisibility.Network,
        }).ToList();
    }
}
