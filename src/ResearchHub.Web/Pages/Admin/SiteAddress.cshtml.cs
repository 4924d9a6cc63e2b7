using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;

namespace ResearchHub.Web.Pages.Admin;

/// <summary>
/// The site's canonical address: what every link in mail, feeds, the sitemap, OAI-PMH and API headers
/// starts with, and the only host name the site answers to (besides "AllowedHosts"). Warns when it
/// looks like localhost while the administrator reached the site by another name.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + HostPermissions.ManageSite)]
public sealed class SiteAddressModel(HubDbContext db, SiteSettingsService settings, SiteAddress address, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the site's address")]
    [Display(Name = "Site address")]
    public string Address { get; set; } = "";

    /// <summary>The address in force now (Hub:BaseUrl when configured, else the stored one).</summary>
    public string Current => address.BaseUrl;

    /// <summary>"Hub:BaseUrl", which overrides what is stored here.</summary>
    public string? Configured => address.Configured;

    /// <summary>True when the address names localhost (or a loopback address) but this request came by another name.</summary>
    public bool LooksLocalElsewhere =>
        SiteAddress.IsLocal(new Uri(Current).Host) && !SiteAddress.IsLocal(Request.Host.Host);

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await address.RefreshAsync(ct);
        Address = SiteAddress.Normalize(await settings.GetAsync(SiteSettingKeys.BaseUrl, ct)) ?? address.Default;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var normalized = SiteAddress.Normalize(Address);
        if (ModelState.IsValid && normalized is null)
        {
            ModelState.AddModelError(nameof(Address), "Enter the address as http:// or https:// and a host name, without a query, like https://hub.example.org");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await settings.SetAsync(SiteSettingKeys.BaseUrl, normalized!, ct);
        audit.Add("site.address", normalized, Configured is null ? null : $"Hub:BaseUrl ({Configured}) overrides it");
        await db.SaveChangesAsync(ct);
        await address.RefreshAsync(ct);
        StatusMessage = Configured is null
            ? $"The site's address is now {normalized}."
            : $"Saved {normalized}, but Hub:BaseUrl ({Configured}) is configured and stays in force until it is removed.";

        // Under its new name, when this request's name is no longer answered.
        var target = new Uri(address.BaseUrl);
        return target.Host.Equals(Request.Host.Host, StringComparison.OrdinalIgnoreCase)
            ? RedirectToPage()
            : Redirect(address.BaseUrl + "/admin/site-address");
    }
}
