using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;

namespace ResearchHub.Accounts.Pages.Admin;

/// <summary>
/// Organisations connected to their own OpenID Connect provider ("Sign in with ..."): the list, a
/// form that connects one or (with ?organisation=) changes its connection, and disconnecting. The
/// client secret is never shown back; left empty on a change, the stored one is kept.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ManageOrganisations)]
public sealed class OrganisationSignInModel(OrganisationConnectionService connections, HubDbContext db, AuditLog audit, PublicUrls urls) : PageModel
{
    public IReadOnlyList<OrganisationConnection> Connections { get; private set; } = [];

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    /// <summary>The connection being changed (?organisation=ID), if any.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Organisation { get; set; }

    public OrganisationConnection? Editing { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public string SiteAddress => urls.BaseUrl;

    public string RedirectUri(string key) => urls.Absolute(OrganisationConnectionService.CallbackPath(key));

    public sealed class InputModel
    {
        [Display(Name = "Organisation")]
        public long? OrganisationId { get; set; }

        [Display(Name = "Issuer")]
        public string? Issuer { get; set; }

        [Display(Name = "Client id")]
        public string? ClientId { get; set; }

        [Display(Name = "Client secret")]
        [DataType(DataType.Password)]
        public string? ClientSecret { get; set; }

        [Display(Name = "E-mail domains it vouches for")]
        public string? EmailDomains { get; set; }

        [Display(Name = "Name in the sign-in address")]
        public string? Key { get; set; }

        [Display(Name = "Require this sign-in for the organisation's members (administrators excepted)")]
        public bool RequiredForMembers { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Organisation is not null)
        {
            if (Editing is null)
            {
                return NotFound();
            }

            Input = new InputModel
            {
                OrganisationId = Editing.OrganisationId,
                Issuer = Editing.Issuer,
                ClientId = Editing.ClientId,
                EmailDomains = string.Join(" ", Editing.DomainList),
                Key = Editing.Key,
                RequiredForMembers = Editing.RequiredForMembers,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var organisationId = Organisation ?? Input.OrganisationId ?? 0;
        var (connection, errors) = await connections.SaveAsync(new OrganisationConnectionInput(
            organisationId, Input.Issuer ?? "", Input.ClientId ?? "", Input.ClientSecret, Input.EmailDomains ?? "", Input.RequiredForMembers, Input.Key), ct);
        if (connection is null)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError($"Input.{field}", message);
            }

            Input.ClientSecret = null;
            await LoadAsync(ct);
            return Page();
        }

        await audit.WriteAsync(AuditActions.OrganisationConnected, connection.Organisation!.Name,
            $"{connection.Issuer}; client {connection.ClientId}; domains {connection.EmailDomains}; {(connection.RequiredForMembers ? "required" : "optional")} for members"
            + (string.IsNullOrEmpty(Input.ClientSecret) ? "" : "; secret set"), ct: ct);
        StatusMessage = $"{connection.Organisation.Name} is connected. Its members sign in with \"Sign in with {connection.Organisation.Name}\"; "
            + $"the provider must accept the redirect URI {RedirectUri(connection.Key)}";
        return RedirectToPage(new { Organisation = (long?)null });
    }

    public async Task<IActionResult> OnPostDeleteAsync(long organisationId, CancellationToken ct)
    {
        var name = await connections.DeleteAsync(organisationId, ct);
        if (name is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.OrganisationDisconnected, name, ct: ct);
        StatusMessage = $"{name} is disconnected: its members sign in with their hub password again (those without one can set it with \"Forgotten your password?\").";
        return RedirectToPage(new { Organisation = (long?)null });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Connections = await connections.ListAsync(ct);
        Organisations = await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        Editing = Organisation is null ? null : Connections.FirstOrDefault(c => c.OrganisationId == Organisation);
    }
}
