using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The timetable: one timeline in time order on screen, stacked on a phone, a clean sheet on paper (meetings.css).</summary>
public sealed class AgendaModel(MeetingQueries queries, MeetingService meetings, DocumentService documents) : PageModel
{
    public Meeting? Meeting { get; private set; }
    /// <summary>One timeline in time order: sessions as labelled spans, parallel items side by side.</summary>
    public IReadOnlyList<AgendaSpan> Timeline { get; private set; } = [];

    /// <summary>Documents by the agenda item they belong to; documents of the whole meeting are on the meeting page.</summary>
    public ILookup<long, DocumentRow> Documents { get; private set; } = Enumerable.Empty<DocumentRow>().ToLookup(d => 0L);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Meeting = await queries.FindVisibleAsync(id, User, ct);
        if (Meeting is null)
        {
            return NotVisible.Page(User);
        }

        Timeline = AgendaTimeline.Build(await meetings.AgendaAsync(id, ct));
        Documents = (await documents.ForMeetingAsync(id, ct))
            .Where(d => d.Document.AgendaItemId is not null)
            .ToLookup(d => d.Document.AgendaItemId!.Value);
        return Page();
    }
}
