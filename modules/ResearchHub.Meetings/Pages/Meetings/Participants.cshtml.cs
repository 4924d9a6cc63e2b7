using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>The participant list with access and dietary needs, for organisers only; also as CSV.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Manage)]
public sealed class ParticipantsModel(MeetingQueries queries, HubDbContext db) : PageModel
{
    public Meeting? Meeting { get; private set; }
    public IReadOnlyList<ParticipantRow> Rows { get; private set; } = [];

    public static string StateText(Registration r) =>
        r.TakesPlace ? "Registered"
        : r.Status == RegistrationStatus.Waitlisted ? "Waiting list"
        : r.Response == RegistrationResponse.Maybe ? "Maybe"
        : "Not coming";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (Meeting is null)
        {
            return NotFound();
        }

        Rows = await queries.ParticipantsAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(long id, CancellationToken ct)
    {
        if (!await db.Set<Meeting>().AnyAsync(m => m.Id == id, ct))
        {
            return NotFound();
        }

        var csv = new StringBuilder("name,email,organisation,answer,registered_at,access_needs,dietary_needs\r\n");
        foreach (var row in await queries.ParticipantsAsync(id, ct))
        {
            csv.AppendJoin(',', new[]
            {
                row.Name, row.Email, row.Organisation ?? "", StateText(row.Registration),
                row.Registration.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                row.Registration.AccessNeeds ?? "", row.Registration.DietaryNeeds ?? "",
            }.Select(Field)).Append("\r\n");
        }

        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", $"meeting-{id}-participants.csv");
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark on anything a spreadsheet would run as a formula.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
