using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Codebooks.Pages.Codebooks;

/// <summary>One code: edit its text, rename it, move it under another code (the parent field), merge it into another, or delete it.</summary>
public sealed class CodeModel(CodebookPages pages, CodebookService service) : PageModel
{
    public Codebook Codebook { get; private set; } = null!;
    public TreeRow Row { get; private set; } = null!;
    public IReadOnlyList<SnapshotSet> Sets { get; private set; } = [];
    public IReadOnlyList<TreeRow> Tree { get; private set; } = [];

    [BindProperty]
    public CodeForm Input { get; set; } = new();

    public sealed class CodeForm
    {
        [Required(ErrorMessage = "Enter the code's name."), StringLength(300)]
        public string Name { get; set; } = "";
        [StringLength(8000)]
        public string? Definition { get; set; }
        [StringLength(4000)]
        public string? WhenToUse { get; set; }
        [StringLength(4000)]
        public string? WhenNotToUse { get; set; }
        [StringLength(2000)]
        public string? Example { get; set; }
        [StringLength(7)]
        public string? Color { get; set; }
        public bool IsCodable { get; set; }
        public Guid? Parent { get; set; }
    }

    private async Task<IActionResult?> LoadAsync(long id, Guid code, CancellationToken ct)
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
        var snapshot = (await service.SnapshotAsync(id, null, ct))!;
        Tree = snapshot.Tree();
        Sets = snapshot.Sets;
        var row = Tree.FirstOrDefault(r => r.Code.Guid == code);
        if (row is null)
        {
            return NotFound();
        }

        Row = row;
        return null;
    }

    /// <summary>The codes this one may move under: not itself nor anything beneath it.</summary>
    public IEnumerable<TreeRow> Parents => Tree.Where(r => r.Code.Guid != Row.Code.Guid && !r.Path.StartsWith(Row.Path + CodebookSnapshot.PathSeparator, StringComparison.Ordinal));

    public async Task<IActionResult> OnGetAsync(long id, Guid code, CancellationToken ct)
    {
        var refused = await LoadAsync(id, code, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillInput();
        return Page();
    }

    /// <summary>The code form as stored: the merge and delete forms post no code fields, so their binding is dropped.</summary>
    private void FillInput()
    {
        ModelState.Clear();
        var c = Row.Code;
        Input = new CodeForm
        {
            Name = c.Name, Definition = c.Definition, WhenToUse = c.WhenToUse, WhenNotToUse = c.WhenNotToUse, Example = c.Example,
            Color = c.Color, IsCodable = c.IsCodable, Parent = c.Parent,
        };
    }

    public async Task<IActionResult> OnPostAsync(long id, Guid code, CancellationToken ct)
    {
        var refused = await LoadAsync(id, code, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await service.UpdateCodeAsync(id, code, new CodeInput(Input.Name, Input.Definition, Input.WhenToUse, Input.WhenNotToUse,
            Input.Example, Input.Color, Input.IsCodable, Input.Parent), await pages.ViewerAsync(User, ct), ct);
        return Done(id, outcome, "Input.Name", $"“{Input.Name.Trim()}” was saved.");
    }

    public async Task<IActionResult> OnPostMergeAsync(long id, Guid code, Guid target, CancellationToken ct)
    {
        var refused = await LoadAsync(id, code, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillInput();
        var outcome = await service.MergeCodeAsync(id, code, target, await pages.ViewerAsync(User, ct), ct);
        return Done(id, outcome, "target", $"“{Row.Code.Name}” was merged into “{Tree.FirstOrDefault(r => r.Code.Guid == target)?.Code.Name}”.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, Guid code, CancellationToken ct)
    {
        var refused = await LoadAsync(id, code, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillInput();
        var outcome = await service.DeleteCodeAsync(id, code, await pages.ViewerAsync(User, ct), ct);
        return Done(id, outcome, "", $"“{Row.Code.Name}” was deleted; its sub-codes moved up a level.");
    }

    public async Task<IActionResult> OnPostSetsAsync(long id, Guid code, List<Guid>? sets, CancellationToken ct)
    {
        var refused = await LoadAsync(id, code, ct);
        if (refused is not null)
        {
            return refused;
        }

        FillInput();
        var outcome = await service.SetMembershipAsync(id, code, sets ?? [], await pages.ViewerAsync(User, ct), ct);
        return Done(id, outcome, "sets", $"The sets of “{Row.Code.Name}” were saved.");
    }

    private IActionResult Done(long id, Outcome outcome, string field, string status)
    {
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError(field, outcome.Error!);
            return Page();
        }

        TempData["CodebookStatus"] = status;
        return Redirect(CodebooksUrls.Edit(id));
    }
}
