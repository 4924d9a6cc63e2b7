using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Security;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Library.Pages.Library;

/// <summary>
/// Creates (/library/new) or edits (/library/{id}/edit) a resource. The kind decides the fields:
/// changing it re-renders the form on the server (no JavaScript needed), as does asking for more
/// author rows. Files can be attached with the first save and added or removed later.
/// </summary>
[Authorize(Policy = HubPolicies.Permission + Permissions.Contribute)]
[UploadLimit]
public sealed class EditModel(
    HubDbContext db,
    IMemberDirectory directory,
    ResourceService resources,
    VocabularyService vocabularies,
    LibraryViewerFactory viewers) : PageModel
{
    private const int SpareAuthorRows = 2;

    [BindProperty]
    public ResourceForm Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Uploads { get; set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public long? Id { get; private set; }
    public Resource? Resource { get; private set; }
    public bool ChoosingKind { get; private set; }
    public KindInfo Kind => ResourceKinds.Get(Input.Kind);
    public Dictionary<string, List<VocabularyTerm>> Terms { get; private set; } = [];
    public List<EvaluationQuestion> Questions { get; private set; } = [];
    public IReadOnlyList<OrganisationEntry> Organisations { get; private set; } = [];
    public LibraryViewer Viewer { get; private set; } = LibraryViewer.Anonymous;

    public async Task<IActionResult> OnGetAsync(long? id, string? kind, CancellationToken ct)
    {
        Id = id;
        Viewer = await viewers.ForAsync(User, ct);
        if (id is not null)
        {
            var denied = await LoadResourceAsync(id.Value, ct);
            if (denied is not null)
            {
                return denied;
            }

            Input = ResourceForm.From(Resource!);
        }
        else if (ResourceKinds.TryParse(kind, out var chosen))
        {
            Input.Kind = chosen;
        }
        else
        {
            ChoosingKind = true;
        }

        if (!Viewer.IsAdmin && Viewer.OrganisationId is null)
        {
            ModelState.AddModelError("", "You do not belong to an organisation yet, so you cannot add resources. Ask an administrator to add you to one.");
        }

        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken ct)
    {
        Id = id;
        Viewer = await viewers.ForAsync(User, ct);
        if (id is not null && await LoadResourceAsync(id.Value, ct) is { } denied)
        {
            return denied;
        }

        var input = Input.ToInput(ModelState);
        if (!ModelState.IsValid)
        {
            // A date that does not parse stops the save, but the other fields' problems are shown with it.
            foreach (var (key, message) in await resources.ValidateAsync(input, Viewer, id, ct))
            {
                ModelState.AddModelError(FormKey(key), message);
            }
        }
        else
        {
            ResourceChange change;
            if (id is null)
            {
                // All or nothing: the resource and every file it was sent with, in one transaction.
                var streams = Chosen().Select(u => (Content: u.OpenReadStream(), Name: (string?)u.FileName)).ToList();
                try
                {
                    change = await resources.CreateAsync(input, Viewer, streams, ct);
                }
                finally
                {
                    foreach (var (content, _) in streams)
                    {
                        await content.DisposeAsync();
                    }
                }
            }
            else
            {
                change = await resources.UpdateAsync(id.Value, input, Viewer, ct);
            }

            if (change.Forbidden)
            {
                return Forbid();
            }

            foreach (var (key, message) in change.Errors)
            {
                ModelState.AddModelError(FormKey(key), message);
            }

            if (change.Succeeded)
            {
                var saved = change.Resource!;
                StatusMessage = id is null
                    ? $"“{saved.Title}” has been saved as a draft. Publish it when it is ready."
                    : $"“{saved.Title}” has been saved.";
                return Redirect(LibraryUrls.Show(saved));
            }
        }

        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>"Change kind": shows the fields of the kind chosen, keeping what was typed; nothing is saved.</summary>
    public async Task<IActionResult> OnPostKindAsync(long? id, CancellationToken ct) => await RedisplayAsync(id, ct);

    /// <summary>"More authors": two more empty author rows; nothing is saved.</summary>
    public async Task<IActionResult> OnPostMoreAuthorsAsync(long? id, CancellationToken ct)
    {
        Input.Authors.AddRange(Enumerable.Range(0, SpareAuthorRows).Select(_ => new AuthorInput()));
        return await RedisplayAsync(id, ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(long id, CancellationToken ct)
    {
        Id = id;
        Viewer = await viewers.ForAsync(User, ct);
        if (await LoadResourceAsync(id, ct) is { } denied)
        {
            return denied;
        }

        if (Uploads.Count == 0)
        {
            TempData[UploadLimitAttribute.ProblemsKey] = "Choose a file to upload.";
            return Redirect(LibraryUrls.Edit(id) + "#files");
        }

        var refused = await UploadAsync(id, ct);
        if (refused.Count > 0)
        {
            TempData[UploadLimitAttribute.ProblemsKey] = string.Join("\n", refused);
        }
        else
        {
            StatusMessage = Uploads.Count == 1 ? $"{Uploads[0].FileName} has been added." : $"{Uploads.Count} files have been added.";
        }

        return Redirect(LibraryUrls.Edit(id) + "#files");
    }

    public async Task<IActionResult> OnPostRemoveFileAsync(long id, long fileId, CancellationToken ct)
    {
        Viewer = await viewers.ForAsync(User, ct);
        var change = await resources.RemoveFileAsync(id, fileId, Viewer, ct);
        if (change.NotFound)
        {
            return NotFound();
        }

        if (change.Forbidden)
        {
            return Forbid();
        }

        StatusMessage = "The file has been removed.";
        return Redirect(LibraryUrls.Edit(id) + "#files");
    }

    /// <summary>The form field a service error belongs to (the form takes the successor as text).</summary>
    private static string FormKey(string key) => key switch
    {
        "" => "",
        nameof(ResourceInput.SupersededById) => "Input." + nameof(ResourceForm.SupersededBy),
        ResourceService.UploadsKey => nameof(Uploads),
        _ => "Input." + key,
    };

    /// <summary>The problems of the last upload, shown once: reading them marks them for removal (Peek kept them for every later page).</summary>
    public IReadOnlyList<string> UploadProblems =>
        TempData[UploadLimitAttribute.ProblemsKey] is string text ? text.Split('\n') : [];

    private async Task<IActionResult> RedisplayAsync(long? id, CancellationToken ct)
    {
        Id = id;
        Viewer = await viewers.ForAsync(User, ct);
        if (id is not null && await LoadResourceAsync(id.Value, ct) is { } denied)
        {
            return denied;
        }

        // Re-rendering is not a save: the form's own validation messages would only confuse here.
        ModelState.Clear();
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>Adds the uploaded files; returns a sentence for each one refused.</summary>
    private async Task<List<string>> UploadAsync(long id, CancellationToken ct)
    {
        var refused = new List<string>();
        foreach (var upload in Chosen())
        {
            await using var stream = upload.OpenReadStream();
            var result = await resources.AddFileAsync(id, stream, upload.FileName, Viewer, ct);
            if (result.File is null)
            {
                refused.Add($"{Path.GetFileName(upload.FileName)}: {result.Problem}");
            }
        }

        return refused;
    }

    /// <summary>The files really chosen (a browser posts an empty part when none is).</summary>
    private IEnumerable<IFormFile> Chosen() => Uploads.Where(u => u.Length > 0 || u.FileName.Length > 0);

    private async Task<IActionResult?> LoadResourceAsync(long id, CancellationToken ct)
    {
        if (!await db.Set<Resource>().VisibleTo(Viewer).AnyAsync(r => r.Id == id, ct))
        {
            return NotFound();
        }

        Resource = await resources.LoadAsync(id, ct);
        return Viewer.CanEdit(Resource!) ? null : Forbid();
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Terms = await vocabularies.TermsAsync(includeRetired: false, ct);
        // Retired terms stay offered on a resource that already uses them, so saving does not drop them.
        var retired = await db.Set<VocabularyTerm>().AsNoTracking().Where(t => t.Retired && Input.TermIds.Contains(t.Id)).ToListAsync(ct);
        foreach (var term in retired)
        {
            Terms[term.Vocabulary].Add(term);
        }

        Questions = await vocabularies.QuestionsAsync(ct);
        Organisations = await directory.OrganisationsAsync(ct);
        var rows = Math.Min(ResourceService.MaxAuthors, Math.Max(Input.Authors.Count(a => !string.IsNullOrWhiteSpace(a.Name)) + SpareAuthorRows, Input.Authors.Count));
        while (Input.Authors.Count < rows)
        {
            Input.Authors.Add(new AuthorInput());
        }
    }
}
