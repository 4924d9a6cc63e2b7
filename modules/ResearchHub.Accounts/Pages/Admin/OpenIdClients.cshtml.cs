using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Admin;

/// <summary>Applications registered with the hub's OpenID Connect provider: the list, a form to register one, delete.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ManageOpenIdClients)]
public sealed class OpenIdClientsModel(OpenIdClientService clients, HubDbContext db, AuditLog audit) : PageModel
{
    public IReadOnlyList<OpenIdClientSummary> Clients { get; private set; } = [];

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>A confidential client's secret, shown once after registering it.</summary>
    [TempData]
    public string? NewSecret { get; set; }

    public sealed class InputModel
    {
        [Display(Name = "Client id")]
        public string ClientId { get; set; } = "";

        [Display(Name = "Name")]
        public string DisplayName { get; set; } = "";

        /// <summary>"confidential" (a server that keeps a secret) or "public" (a browser or desktop app, PKCE only).</summary>
        public string Type { get; set; } = "confidential";

        [Display(Name = "Redirect URIs")]
        public string? RedirectUris { get; set; }

        public List<string> Scopes { get; set; } = [];

        public bool AuthorizationCode { get; set; } = true;

        public bool ClientCredentials { get; set; }

        [Display(Name = "Service account of")]
        public long? OrganisationId { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new OpenIdClientInput(
            (Input.ClientId ?? "").Trim(),
            Input.DisplayName ?? "",
            Input.Type != "public",
            [.. (Input.RedirectUris ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Input.Scopes ?? [],
            Input.AuthorizationCode,
            Input.ClientCredentials,
            Input.ClientCredentials ? Input.OrganisationId : null);
        if (Input.Type is not ("public" or "confidential"))
        {
            ModelState.AddModelError("Input.Type", "Choose confidential or public.");
            await LoadAsync(ct);
            return Page();
        }

        var (secret, errors) = await clients.CreateAsync(input, ct);
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError(field == "Confidential" ? "Input.Type" : field == "Grants" ? "Input.AuthorizationCode" : $"Input.{field}", message);
            }

            await LoadAsync(ct);
            return Page();
        }

        await audit.WriteAsync(AuditActions.OpenIdClientRegistered, target: input.ClientId,
            detail: $"{(input.Confidential ? "confidential" : "public")}; scopes {string.Join(" ", input.Scopes)}", ct: ct);
        StatusMessage = $"{input.DisplayName.Trim()} is registered with the client id {input.ClientId}.";
        NewSecret = secret;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string clientId, CancellationToken ct)
    {
        var name = await clients.DeleteAsync(clientId ?? "", ct);
        if (name is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.OpenIdClientDeleted, target: clientId, ct: ct);
        StatusMessage = $"{name} is deleted: its tokens no longer work.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Clients = await clients.ListAsync(ct);
        Organisations = await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
    }
}
