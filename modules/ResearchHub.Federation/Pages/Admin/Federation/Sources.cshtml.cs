using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Federation.Domain;

namespace ResearchHub.Federation.Pages.Admin.Federation;

/// <summary>
/// The OAI-PMH sources the library harvests, with each one's recent runs. "Harvest now" only marks
/// a source due: the worker runs it, so a long harvest never holds a request open.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ManageHarvesting)]
public sealed class SourcesModel(HubDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<HarvestSource> Sources { get; private set; } = [];

    public ILookup<long, HarvestRun> Runs { get; private set; } = Array.Empty<HarvestRun>().ToLookup(r => r.SourceId);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a name for the source")]
        [StringLength(200, ErrorMessage = "The name can be up to 200 characters")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter the OAI-PMH base URL")]
        [StringLength(2000, ErrorMessage = "The base URL can be up to 2,000 characters")]
        [Display(Name = "OAI-PMH base URL")]
        public string BaseUrl { get; set; } = "";

        [StringLength(200, ErrorMessage = "The set can be up to 200 characters")]
        [Display(Name = "Set (optional)")]
        public string? SetSpec { get; set; }

        [Range(0, 8760, ErrorMessage = "Enter a number of hours from 0 to 8760")]
        [Display(Name = "Hours between harvests (0: only when asked)")]
        public int IntervalHours { get; set; } = 24;
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!Uri.TryCreate(Input.BaseUrl?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.Query))
        {
            ModelState.AddModelError("Input.BaseUrl", "Enter the base URL as a full web address without a query, like https://repository.example.org/oai");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var now = clock.GetUtcNow();
        db.Add(new HarvestSource
        {
            Name = Input.Name.Trim(),
            BaseUrl = url!.AbsoluteUri,
            SetSpec = string.IsNullOrWhiteSpace(Input.SetSpec) ? null : Input.SetSpec.Trim(),
            IntervalHours = Input.IntervalHours,
            CreatedAt = now,
            NextRunAt = now,
        });
        await db.SaveChangesAsync(ct);
        StatusMessage = $"Source “{Input.Name.Trim()}” added; its first harvest starts shortly.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRunAsync(long id, CancellationToken ct)
    {
        var source = await db.Set<HarvestSource>().FindAsync([id], ct);
        if (source is null)
        {
            return NotFound();
        }

        source.NextRunAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        StatusMessage = $"“{source.Name}” will be harvested shortly.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        // The resources it brought in stay in the library; only the source and its log go.
        await db.Set<HarvestSource>().Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        StatusMessage = "The source was removed; the resources it brought in stay in the library.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sources = await db.Set<HarvestSource>().AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var runs = new List<HarvestRun>();
        foreach (var source in Sources)
        {
            runs.AddRange(await db.Set<HarvestRun>().AsNoTracking().Where(r => r.SourceId == source.Id)
                .OrderByDescending(r => r.Id).Take(5).ToListAsync(ct));
        }

        Runs = runs.ToLookup(r => r.SourceId);
    }
}
