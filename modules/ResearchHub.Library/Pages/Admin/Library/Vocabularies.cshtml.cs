using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Pages.Admin.Library;

/// <summary>The managed vocabularies: add terms, rename them, order them, retire them (never delete: resources use them).</summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.ManageVocabularies)]
public sealed class VocabulariesModel(HubDbContext db) : PageModel
{
    public sealed record Row(VocabularyTerm Term, int Uses);

    public VocabularyInfo Vocabulary { get; private set; } = Vocabularies.All[0];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "vocabulary")]
    public string? VocabularyKey { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the term's label")]
        [StringLength(200, ErrorMessage = "The label can be up to 200 characters")]
        public string Label { get; set; } = "";

        [Display(Name = "Key")]
        [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "The key can hold lower-case letters, digits and single hyphens, like co-production")]
        [StringLength(100)]
        public string? Key { get; set; }

        [StringLength(1000, ErrorMessage = "The description can be up to 1,000 characters")]
        public string? Description { get; set; }

        public int Order { get; set; }

        public bool Retired { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Resolve())
        {
            return NotFound();
        }

        if (Id is not null)
        {
            var term = await db.Set<VocabularyTerm>().FirstOrDefaultAsync(t => t.Id == Id && t.Vocabulary == Vocabulary.Key, ct);
            if (term is null)
            {
                return NotFound();
            }

            Input = new InputModel { Label = term.Label, Key = term.Key, Description = term.Description, Order = term.Order, Retired = term.Retired };
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Resolve())
        {
            return NotFound();
        }

        VocabularyTerm? term = null;
        if (Id is not null)
        {
            term = await db.Set<VocabularyTerm>().FirstOrDefaultAsync(t => t.Id == Id && t.Vocabulary == Vocabulary.Key, ct);
            if (term is null)
            {
                return NotFound();
            }
        }

        // The key is fixed once made: filter links and recipes refer to it.
        var key = term?.Key ?? (string.IsNullOrWhiteSpace(Input.Key) ? Slugs.From(Input.Label) : Input.Key.Trim());
        if (ModelState.IsValid && term is null && await db.Set<VocabularyTerm>().AnyAsync(t => t.Vocabulary == Vocabulary.Key && t.Key == key, ct))
        {
            ModelState.AddModelError("Input.Key", $"{Vocabulary.Name} already has a term with the key {key}.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        if (term is null)
        {
            term = new VocabularyTerm { Vocabulary = Vocabulary.Key, Key = key, Label = Input.Label.Trim() };
            db.Set<VocabularyTerm>().Add(term);
        }

        term.Label = Input.Label.Trim();
        term.Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim();
        term.Order = Input.Order;
        term.Retired = Input.Retired;
        await db.SaveChangesAsync(ct);
        StatusMessage = $"“{term.Label}” has been saved.";
        return Redirect($"/admin/library/vocabularies?vocabulary={Vocabulary.Key}");
    }

    private bool Resolve()
    {
        var found = Vocabularies.Find(VocabularyKey ?? Vocabularies.Sites);
        if (found is null)
        {
            return false;
        }

        Vocabulary = found;
        return true;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await db.Set<VocabularyTerm>().AsNoTracking()
            .Where(t => t.Vocabulary == Vocabulary.Key)
            .OrderBy(t => t.Order).ThenBy(t => t.Label)
            .Select(t => new Row(t, db.Set<ResourceTerm>().Count(rt => rt.TermId == t.Id)))
            .ToListAsync(ct);
    }
}
