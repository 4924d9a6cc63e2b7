using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages.Meetings;

/// <summary>
/// RFC 8058 one-click unsubscribe from one kind of meeting notice, as the digests have: a mail
/// client POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF token, so the signed token
/// is the only authority and antiforgery is off here. A GET only shows the confirmation form.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(NotificationTokens tokens, NotificationSettings settings) : PageModel
{
    public MeetingNotification Kind { get; private set; }
    public bool Done { get; private set; }

    public IActionResult OnGet(string token)
    {
        if (!tokens.TryRead(token, out _, out var kind))
        {
            return NotFound();
        }

        Kind = kind;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!tokens.TryRead(token, out var userId, out var kind))
        {
            return NotFound();
        }

        await settings.TurnOffAsync(userId, kind, ct);
        Kind = kind;
        Done = true;
        return Page();
    }
}
