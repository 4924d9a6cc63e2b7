using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Codebooks.Pages.Codebooks;

/// <summary>The editor: the codebook's details, adding codes, the tree with a link to edit each code, and publishing.</summary>
public sealed class EditModel(CodebookPages pages, CodebookService service, ResourceQueries resources) : PageModel
{
    public Codebook Codebook { get; private set; } = null!;
    public IReadOnlyList<TreeRow> Tree { get; private set; } = [];
    public IReadOnlyList<Resource> Schemes { get; private set; } = [];
    public string? Status { get; private set; }

    [BindProperty]
    public DetailsInput Details { get; set; } = new();

    [BindProperty]
    public NewCodeInput NewCode { get; set; } = new();

    public sealed class DetailsInput
    {
        [Required(ErrorMessage = "Enter the codebook's name."), StringLength(300)]
        public string Name { get; set; } = "";
        [StringLength(4000)]
        public string? Description { get; set; }
        [StringLength(200)]
        public string? Licence { get; set; }
        public ResourceVisibility Visibility { get; set; }
        public long? LibraryResourceId { get; set; }
    }

    public sealed class NewCodeInput
    {
        [StringLength(300)]
        public string? Name { get; set; }
        public Guid? Parent { get; set; }
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var viewer = await pages.ViewerAsync(User, ct);
        var codebook = await pages.VisibleAsync(id, viewer, ct);
        if (codebook is null)
        {
            return NotVisible.Page(User);
        }

        if (!viewer.CanEdit(codebook))
        {
            return Forbid();
        }

        Codebook = codebook;
        Tree = (await service.SnapshotAsync(id, null, ct))!.Tree();
        Schemes = await resources.Filtered(viewer, new ResourceFilter { Kind = ResourceKind.StoryCodingScheme }).OrderBy(r => r.Title).ToListAsync(ct);
        Status = TempData["CodebookStatus"] as string;
        return null;
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var refused = await LoadAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillDetails();
        return Page();
    }

    /// <summary>The details form as stored: the add and publish forms post no details, so their binding is dropped.</summary>
    private void FillDetails()
    {
        ModelState.Clear();
        Details = new DetailsInput
        {
            Name = Codebook.Name, Description = Codebook.Description, Licence = Codebook.Licence,
            Visibility = Codebook.Visibility, LibraryResourceId = Codebook.LibraryResourceId,
        };
    }

    public async Task<IActionResult> OnPostDetailsAsync(long id, CancellationToken ct)
    {
        var refused = await LoadAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        ModelState.Remove("NewCode.Name");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await service.UpdateAsync(id, new CodebookInput(Details.Name, Details.Description, Details.Licence, Details.Visibility,
            Codebook.OwnerOrganisationId, Details.LibraryResourceId), await pages.ViewerAsync(User, ct), ct);
        return Done(id, outcome.Error, "Details.Name", "The details were saved.");
    }

    public async Task<IActionResult> OnPostAddAsync(long id, CancellationToken ct)
    {
        var refused = await LoadAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillDetails();
        var (code, error) = await service.AddCodeAsync(id, new CodeInput(NewCode.Name ?? "", null, null, null, null, null, true, NewCode.Parent),
            await pages.ViewerAsync(User, ct), ct);
        return Done(id, error, "NewCode.Name", code is null ? "" : $"“{code.Name}” was added.");
    }

    public async Task<IActionResult> OnPostAddSetAsync(long id, string? setName, string? setDescription, CancellationToken ct)
    {
        var refused = await LoadAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillDetails();
        var (set, error) = await service.AddSetAsync(id, setName ?? "", setDescription, await pages.ViewerAsync(User, ct), ct);
        return Done(id, error, "setName", set is null ? "" : $"The set “{set.Name}” was added; choose its codes on each code's page.");
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken ct)
    {
        var refused = await LoadAsync(id, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillDetails();
        var (version, error) = await service.PublishAsync(id, await pages.ViewerAsync(User, ct), ct);
        return Done(id, error, "", version is null ? "" : $"Version {version.Number} was published.");
    }

    private IActionResult Done(long id, string? error, string field, string status)
    {
        if (error is not null)
        {
            ModelState.AddModelError(field, error);
            return Page();
        }

        TempData["CodebookStatus"] = status;
        return Redirect(CodebooksUrls.Edit(id));
    }
}
