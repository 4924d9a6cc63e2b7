using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Security;
using ResearchHub.Core.Settings;
using ResearchHub.Web;

namespace ResearchHub.Web.Pages.Admin;

/// <summary>The outbox: every message with its state, the .eml in pickup mode, and a test email.</summary>
[Authorize(Policy = HubPolicies.Permission + HostPermissions.ManageMail)]
public sealed class MailModel(
    HubDbContext db,
    MailOutbox outbox,
    PickupFolderTransport pickup,
    SiteSettingsService settings,
    IOptions<MailOptions> options) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    public IReadOnlyDictionary<OutboxState, int> Counts { get; private set; } = new Dictionary<OutboxState, int>();

    public MailOptions Options => options.Value;

    /// <summary>The DKIM record to publish, when a key is configured.</summary>
    public DkimRecord? Dkim { get; private set; }

    /// <summary>Why the configured DKIM key could not be read, when it could not.</summary>
    public string? DkimError { get; private set; }

    public OutboxState? State { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter the address to send the test email to")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.org")]
    [Display(Name = "Send a test email to")]
    public string TestAddress { get; set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(OutboxState? state, CancellationToken ct)
    {
        State = state;
        TestAddress = User.Identity?.Name ?? "";
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var network = await settings.NetworkNameAsync(ct);
        var text = $"This is a test email from {network}. If you can read it, the site's mail settings work.";
        outbox.Enqueue("test", new EmailMessage(TestAddress.Trim(), $"Test email from {network}", text,
            $"<!doctype html><html lang=\"en\"><body><p>{System.Net.WebUtility.HtmlEncode(text)}</p></body></html>"));
        await db.SaveChangesAsync(ct);
        StatusMessage = $"A test email to {TestAddress} is in the outbox; it is sent within seconds.";
        return RedirectToPage();
    }

    /// <summary>The .eml file the pickup transport wrote, shown as text (never rendered as HTML).</summary>
    public async Task<IActionResult> OnGetEmlAsync(long id, CancellationToken ct)
    {
        var name = await db.OutboxMessages.Where(m => m.Id == id).Select(m => m.PickupFile).FirstOrDefaultAsync(ct);
        var path = name is null ? null : pickup.ResolveFile(name);
        return path is null ? NotFound() : PhysicalFile(path, "text/plain; charset=utf-8");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Dkim = DkimRecord.For(options.Value.Dkim);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            DkimError = $"The DKIM key file {options.Value.Dkim.KeyFile} could not be read as an RSA private key: {ex.Message}";
        }

        var query = db.OutboxMessages.AsNoTracking();
        if (State is not null)
        {
            query = query.Where(m => m.State == State);
        }

        Messages = await query.OrderByDescending(m => m.Id).Take(PageSize).ToListAsync(ct);
        Counts = await db.OutboxMessages.GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
