using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Digests;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>
/// "Date polls awaiting your answer" in the mailing groups' digests: the open polls the member is
/// invited to and has not answered yet (no one else's). Not news: the polls ride along with a
/// digest that has news.
/// </summary>
public sealed class PollsAwaitingDigestSection(HubDbContext db) : IDigestSection
{
    public string Key => "polls";

    public string Title => "Date polls awaiting your answer";

    public int Order => 30;

    public bool IsNews => false;

    public async Task<IDigestSectionSnapshot> SnapshotAsync(DigestScope scope, CancellationToken ct)
    {
        var openPolls = await db.Set<DatePoll>().AsNoTracking().Where(p => p.Status == PollStatus.Open).ToListAsync(ct);
        var openIds = openPolls.Select(p => p.Id).ToList();
        var invitees = await db.Set<PollInvitee>().AsNoTracking().Where(i => openIds.Contains(i.PollId)).ToListAsync(ct);
        var answered = (await db.Set<PollResponse>().AsNoTracking().Where(r => openIds.Contains(r.PollId))
            .Select(r => new { r.PollId, r.UserId }).ToListAsync(ct)).Select(r => (r.PollId, r.UserId)).ToHashSet();
        var pollsById = openPolls.ToDictionary(p => p.Id);
        var awaiting = invitees.Where(i => !answered.Contains((i.PollId, i.UserId)))
            .GroupBy(i => i.UserId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<DigestItem>)[.. g.Select(i => pollsById[i.PollId]).OrderBy(p => p.Id)
                    .Select(p => new DigestItem(p.Title, "Your answer is awaited.", MeetingsUrls.Poll(p.Id)))],
                StringComparer.Ordinal);
        return new Snapshot(awaiting);
    }

    private sealed class Snapshot(Dictionary<string, IReadOnlyList<DigestItem>> awaiting) : IDigestSectionSnapshot
    {
        public IReadOnlyList<DigestItem> ItemsFor(DigestReader reader, DateTimeOffset windowStart, DateTimeOffset windowEnd) =>
            awaiting.GetValueOrDefault(reader.UserId, []);
    }
}
