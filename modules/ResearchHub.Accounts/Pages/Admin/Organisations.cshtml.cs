using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts.Pages.Admin;

/// <summary>The organisations list, with a form that creates one or (with ?id=) edits one.</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ManageOrganisations)]
public sealed class OrganisationsModel(HubDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(Organisation Organisation, int Members);

    public IReadOnlyList<Row> Organisations { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the organisation's name")]
        [StringLength(200, ErrorMessage = "The name can be up to 200 characters")]
        public string Name { get; set; } = "";

        [Display(Name = "Kind")]
        public OrganisationKind Kind { get; set; }

        [Url(ErrorMessage = "Enter the website as a full address, like https://www.example.org")]
        [StringLength(500)]
        public string? Website { get; set; }

        [Display(Name = "ROR id")]
        [RegularExpression(@"^(https://ror\.org/)?0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$", ErrorMessage = "A ROR id looks like https://ror.org/052gg0110")]
        public string? RorId { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is not null)
        {
            var organisation = await db.Set<Organisation>().FindAsync([Id], ct);
            if (organisation is null)
            {
                return NotFound();
            }

            Input = new InputModel { Name = organisation.Name, Kind = organisation.Kind, Website = organisation.Website, RorId = organisation.RorId };
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = Input.Name?.Trim() ?? "";
        if (ModelState.IsValid && await db.Set<Organisation>().AnyAsync(o => o.Name == name && o.Id != Id, ct))
        {
            ModelState.AddModelError("Input.Name", $"There is already an organisation called {name}.");
        }

        if (!Enum.IsDefined(Input.Kind))
        {
            ModelState.AddModelError("Input.Kind", "Choose one of the kinds offered.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        Organisation? organisation;
        if (Id is null)
        {
            organisation = new Organisation { Name = name, CreatedAt = clock.GetUtcNow() };
            db.Set<Organisation>().Add(organisation);
        }
        else
        {
            organisation = await db.Set<Organisation>().FindAsync([Id], ct);
            if (organisation is null)
            {
                return NotFound();
            }

            organisation.Name = name;
        }

        organisation.Kind = Input.Kind;
        organisation.Website = string.IsNullOrWhiteSpace(Input.Website) ? null : Input.Website.Trim();
        organisation.RorId = string.IsNullOrWhiteSpace(Input.RorId) ? null : NormaliseRor(Input.RorId.Trim());
        await db.SaveChangesAsync(ct);
        StatusMessage = $"{organisation.Name} has been saved.";
        return RedirectToPage(new { id = (long?)null });
    }

    private static string NormaliseRor(string ror) => ror.StartsWith("https://", StringComparison.Ordinal) ? ror : "https://ror.org/" + ror;

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await db.Set<Organisation>()
            .OrderBy(o => o.Name)
            .Select(o => new Row(o, o.Members.Count))
            .ToListAsync(ct);
    }
}
