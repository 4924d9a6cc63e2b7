using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>Upcoming and past meetings the visitor may see, the series, and the visitor's date polls.</summary>
public sealed class IndexModel(MeetingQueries queries, SeriesService series, MeetingAccess access, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Meeting> Upcoming { get; private set; } = [];
    public IReadOnlyList<Meeting> Past { get; private set; } = [];
    public IReadOnlyList<MeetingSeries> Series { get; private set; } = [];
    public IReadOnlyList<DatePoll> Polls { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var all = await queries.ListAsync(User, null, ct);
        Upcoming = [.. all.Where(m => m.EndUtc >= now).OrderBy(m => m.StartUtc)];
        Past = [.. all.Where(m => m.EndUtc < now)];
        Series = await series.ListAsync(ct);
        CanManage = access.CanManage(User);
        Polls = User.Identity?.IsAuthenticated == true ? await queries.PollsAsync(User, ct) : [];
    }
}
