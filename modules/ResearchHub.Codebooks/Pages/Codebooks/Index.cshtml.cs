using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Pages.Codebooks;

/// <summary>The codebooks the viewer may see; editors start one here, empty or from a .qdc file.</summary>
public sealed class IndexModel(CodebookPages pages, CodebookService service) : PageModel
{
    public IReadOnlyList<Codebook> Codebooks { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Organisations { get; private set; } = new Dictionary<long, string>();
    public LibraryViewer Viewer { get; private set; } = LibraryViewer.Anonymous;
    public bool CanCreate => Viewer.IsAdmin || (Viewer.CanContribute && Viewer.OrganisationId is not null);

    [BindProperty, Required(ErrorMessage = "Enter the codebook's name."), StringLength(300)]
    public string Name { get; set; } = "";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Viewer = await pages.ViewerAsync(User, ct);
        Codebooks = await pages.ListAsync(Viewer, ct);
        Organisations = await pages.OrganisationNamesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (Upload is null || Upload.Length == 0)
        {
            var (created, error) = await service.CreateAsync(new CodebookInput(Name, null, null, Library.Domain.ResourceVisibility.Draft, Viewer.OrganisationId, null), Viewer, ct);
            if (created is null)
            {
                ModelState.AddModelError(nameof(Name), error!);
                return Page();
            }

            return Redirect(CodebooksUrls.Edit(created.Id));
        }

        if (Upload.Length > QdcFormat.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"The file is larger than {QdcFormat.MaxBytes / 1_000_000} MB.");
            return Page();
        }

        await using var stream = Upload.OpenReadStream();
        var outcome = await service.ImportAsync(stream, Name, Viewer.OrganisationId, Viewer, ct);
        if (outcome.Codebook is null)
        {
            ModelState.AddModelError(nameof(Upload), outcome.Error!);
            return Page();
        }

        TempData["CodebookWarnings"] = string.Join("\n", outcome.Warnings);
        return Redirect(CodebooksUrls.Show(outcome.Codebook.Id));
    }
}
