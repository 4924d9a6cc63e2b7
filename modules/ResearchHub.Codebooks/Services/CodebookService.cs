using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Services;

/// <summary>A change's outcome: null Error means it was saved.</summary>
public sealed record Outcome(string? Error)
{
    public static readonly Outcome Ok = new((string?)null);

    public bool Succeeded => Error is null;
}

public sealed record ImportOutcome(Codebook? Codebook, IReadOnlyList<string> Warnings, string? Error);

public sealed record CodebookInput(string Name, string? Description, string? Licence, ResourceVisibility Visibility, long? OwnerOrganisationId, long? LibraryResourceId);

public sealed record CodeInput(string Name, string? Definition, string? WhenToUse, string? WhenNotToUse, string? Example, string? Color, bool IsCodable, Guid? Parent);

/// <summary>Creates, imports, edits and publishes codebooks. Every change checks the viewer's right to edit the codebook.</summary>
public sealed class CodebookService(HubDbContext db, CodebookSearchSource search, TimeProvider clock)
{
    /// <summary>Saves a change and writes the codebook's search entry in the same transaction.</summary>
    private async Task SaveAsync(Codebook codebook, CancellationToken ct)
    {
        await using var transaction = await UnitOfWork.BeginAsync(db, ct);
        await db.SaveChangesAsync(ct);
        await search.IndexAsync(codebook.Id, ct);
        await transaction.CommitAsync(ct);
    }

    public Task<Codebook?> LoadAsync(long id, CancellationToken ct) =>
        db.Set<Codebook>().Include(c => c.Codes).Include(c => c.Sets).ThenInclude(s => s.Members)
            .AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<(Codebook? Codebook, string? Error)> CreateAsync(CodebookInput input, LibraryViewer viewer, CancellationToken ct)
    {
        var error = await CheckAsync(input, viewer, ct);
        if (error is not null)
        {
            return (null, error);
        }

        var now = clock.GetUtcNow();
        var codebook = new Codebook { Name = input.Name.Trim(), CreatedById = viewer.UserId, CreatedAt = now, UpdatedAt = now };
        Apply(codebook, input);
        db.Add(codebook);
        await SaveAsync(codebook, ct);
        return (codebook, null);
    }

    public async Task<Outcome> UpdateAsync(long id, CodebookInput input, LibraryViewer viewer, CancellationToken ct)
    {
        var codebook = await db.Set<Codebook>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (codebook is null || !viewer.CanEdit(codebook))
        {
            return new("You may not edit this codebook.");
        }

        var error = await CheckAsync(input, viewer, ct);
        if (error is not null)
        {
            return new(error);
        }

        Apply(codebook, input);
        codebook.UpdatedAt = clock.GetUtcNow();
        await SaveAsync(codebook, ct);
        return Outcome.Ok;
    }

    private async Task<string?> CheckAsync(CodebookInput input, LibraryViewer viewer, CancellationToken ct)
    {
        if (!viewer.IsAdmin && !viewer.CanContribute)
        {
            return "Only partner editors and administrators may add codebooks.";
        }

        if (string.IsNullOrWhiteSpace(input.Name))
        {
            return "Enter the codebook's name.";
        }

        if (!viewer.IsAdmin && input.OwnerOrganisationId != viewer.OrganisationId)
        {
            return "Editors add codebooks for their own organisation.";
        }

        if (input.LibraryResourceId is { } resourceId
            && !await db.Set<Resource>().AnyAsync(r => r.Id == resourceId && r.Kind == ResourceKind.StoryCodingScheme, ct))
        {
            return "The linked library record must be a story-coding scheme.";
        }

        return null;
    }

    private static void Apply(Codebook codebook, CodebookInput input)
    {
        codebook.Name = input.Name.Trim();
        codebook.Description = input.Description?.Trim() ?? "";
        codebook.Licence = string.IsNullOrWhiteSpace(input.Licence) ? null : input.Licence.Trim();
        codebook.Visibility = input.Visibility;
        codebook.OwnerOrganisationId = input.OwnerOrganisationId;
        codebook.LibraryResourceId = input.LibraryResourceId;
    }

    /// <summary>
    /// A new draft codebook from a .qdc file. The file is read completely before anything is stored,
    /// and stored in one SaveChanges, so a refused file leaves the database as it was.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(Stream file, string name, long? ownerOrganisationId, LibraryViewer viewer, CancellationToken ct)
    {
        var input = new CodebookInput(name, null, null, ResourceVisibility.Draft, ownerOrganisationId, null);
        var error = await CheckAsync(input, viewer, ct);
        if (error is not null)
        {
            return new(null, [], error);
        }

        var read = await QdcFormat.ReadAsync(file, ct);
        if (!read.Succeeded)
        {
            return new(null, [], read.Error);
        }

        var now = clock.GetUtcNow();
        var codebook = new Codebook { Name = name.Trim(), CreatedById = viewer.UserId, CreatedAt = now, UpdatedAt = now, Origin = read.Codebook!.Origin };
        Apply(codebook, input);
        var byGuid = new Dictionary<Guid, Code>();
        void Add(IReadOnlyList<QdcCode> level, Code? parent)
        {
            var position = 0;
            foreach (var q in level)
            {
                var code = new Code
                {
                    Guid = q.Guid, Parent = parent, Position = position++, Name = q.Name, Definition = q.Description,
                    Color = q.Color, IsCodable = q.IsCodable,
                };
                codebook.Codes.Add(code);
                byGuid[q.Guid] = code;
                Add(q.Children, code);
            }
        }

        Add(read.Codebook.Codes, null);
        foreach (var set in read.Codebook.Sets)
        {
            codebook.Sets.Add(new CodeSet
            {
                Guid = set.Guid, Name = set.Name, Description = set.Description,
                Members = set.MemberCodes.Select(g => new CodeSetMember { Code = byGuid[g] }).ToList(),
            });
        }

        db.Add(codebook);
        await SaveAsync(codebook, ct);
        return new(codebook, read.Warnings, null);
    }

    private async Task<(Codebook? Codebook, string? Error)> EditableAsync(long id, LibraryViewer viewer, CancellationToken ct)
    {
        var codebook = await LoadAsync(id, ct);
        return codebook is null || !viewer.CanEdit(codebook) ? (null, "You may not edit this codebook.") : (codebook, null);
    }

    public async Task<(Code? Code, string? Error)> AddCodeAsync(long codebookId, CodeInput input, LibraryViewer viewer, CancellationToken ct)
    {
        var (codebook, error) = await EditableAsync(codebookId, viewer, ct);
        if (codebook is null)
        {
            return (null, error);
        }

        var code = new Code { CodebookId = codebookId, Guid = Guid.NewGuid(), Name = "" };
        error = Apply(codebook, code, input);
        if (error is not null)
        {
            return (null, error);
        }

        codebook.Codes.Add(code);
        Touch(codebook);
        await SaveAsync(codebook, ct);
        return (code, null);
    }

    /// <summary>Edits a code's fields; a different parent moves it (to the end of its new siblings).</summary>
    public async Task<Outcome> UpdateCodeAsync(long codebookId, Guid guid, CodeInput input, LibraryViewer viewer, CancellationToken ct)
    {
        var (codebook, error) = await EditableAsync(codebookId, viewer, ct);
        var code = codebook?.Codes.FirstOrDefault(c => c.Guid == guid);
        if (codebook is null || code is null)
        {
            return new(error ?? "There is no such code in this codebook.");
        }

        error = Apply(codebook, code, input);
        if (error is not null)
        {
            return new(error);
        }

        Touch(codebook);
        await SaveAsync(codebook, ct);
        return Outcome.Ok;
    }

    private static string? Apply(Codebook codebook, Code code, CodeInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            return "Enter the code's name.";
        }

        string? color = null;
        if (!string.IsNullOrWhiteSpace(input.Color))
        {
            color = QdcFormat.NormaliseColor(input.Color);
            if (color is null)
            {
                return "Enter the colour as #RRGGBB or #RGB, for example #1D70B8.";
            }
        }

        Code? parent = null;
        if (input.Parent is { } parentGuid)
        {
            parent = codebook.Codes.FirstOrDefault(c => c.Guid == parentGuid);
            if (parent is null)
            {
                return "The parent code is not in this codebook.";
            }

            // A code cannot go under itself or its own descendants: the tree would become a loop.
            for (var p = parent; p is not null; p = ParentOf(codebook, p))
            {
                if (ReferenceEquals(p, code))
                {
                    return "A code cannot be moved under itself or one of its own sub-codes.";
                }
            }
        }

        var moved = code.Id == 0 || code.ParentId != parent?.Id;
        code.Name = input.Name.Trim();
        code.Definition = input.Definition?.Trim() ?? "";
        code.WhenToUse = input.WhenToUse?.Trim() ?? "";
        code.WhenNotToUse = input.WhenNotToUse?.Trim() ?? "";
        code.Example = input.Example?.Trim() ?? "";
        code.Color = color;
        code.IsCodable = input.IsCodable;
        if (moved)
        {
            code.Parent = parent;
            code.ParentId = parent?.Id;
            code.Position = codebook.Codes.Where(c => c != code && c.ParentId == parent?.Id).Select(c => c.Position + 1).DefaultIfEmpty(0).Max();
        }

        return null;
    }

    /// <summary>
    /// Merges <paramref name="source"/> into <paramref name="target"/>: its sub-codes, set
    /// memberships, codings and crosswalk mappings pass to the target, then the source is removed.
    /// </summary>
    public async Task<Outcome> MergeCodeAsync(long codebookId, Guid source, Guid target, LibraryViewer viewer, CancellationToken ct)
    {
        var (codebook, error) = await EditableAsync(codebookId, viewer, ct);
        var from = codebook?.Codes.FirstOrDefault(c => c.Guid == source);
        var into = codebook?.Codes.FirstOrDefault(c => c.Guid == target);
        if (codebook is null || from is null || into is null)
        {
            return new(error ?? "Choose two codes of this codebook.");
        }

        if (from == into)
        {
            return new("A code cannot be merged into itself.");
        }

        for (var p = into; p is not null; p = ParentOf(codebook, p))
        {
            if (p == from)
            {
                return new("A code cannot be merged into one of its own sub-codes; move that sub-code out first.");
            }
        }

        // Both the key and the navigation, so EF's fix-up cannot put the child back under the removed code.
        foreach (var child in codebook.Codes.Where(c => c.ParentId == from.Id).ToList())
        {
            child.Parent = into;
            child.ParentId = into.Id;
        }

        foreach (var set in codebook.Sets)
        {
            var member = set.Members.FirstOrDefault(m => m.CodeId == from.Id);
            if (member is not null)
            {
                set.Members.Remove(member);
                if (!set.Members.Any(m => m.CodeId == into.Id))
                {
                    set.Members.Add(new CodeSetMember { CodeSetId = set.Id, CodeId = into.Id });
                }
            }
        }

        var excerptIds = await db.Set<CodedExcerpt>().Where(e => e.CodebookId == codebookId).Select(e => e.Id).ToListAsync(ct);
        var codings = await db.Set<ExcerptCode>().Where(c => excerptIds.Contains(c.ExcerptId) && (c.CodeGuid == source || c.CodeGuid == target)).ToListAsync(ct);
        foreach (var coding in codings.Where(c => c.CodeGuid == source))
        {
            db.Remove(coding);
            if (!codings.Any(c => c.ExcerptId == coding.ExcerptId && c.CodeGuid == target))
            {
                db.Add(new ExcerptCode { ExcerptId = coding.ExcerptId, CodeGuid = target });
            }
        }

        var mappings = await db.Set<CrosswalkMapping>()
            .Where(m => db.Set<Crosswalk>().Any(w => w.Id == m.CrosswalkId && (w.FromCodebookId == codebookId || w.ToCodebookId == codebookId)))
            .ToListAsync(ct);
        foreach (var mapping in mappings.Where(m => m.FromCodeGuid == source || m.ToCodeGuid == source))
        {
            var fromGuid = mapping.FromCodeGuid == source ? target : mapping.FromCodeGuid;
            var toGuid = mapping.ToCodeGuid == source ? target : mapping.ToCodeGuid;
            if (mappings.Any(m => m != mapping && m.CrosswalkId == mapping.CrosswalkId && m.FromCodeGuid == fromGuid && m.ToCodeGuid == toGuid))
            {
                db.Remove(mapping);
            }
            else
            {
                mapping.FromCodeGuid = fromGuid;
                mapping.ToCodeGuid = toGuid;
            }
        }

        codebook.Codes.Remove(from);
        db.Remove(from);
        Touch(codebook);
        await SaveAsync(codebook, ct);
        return Outcome.Ok;
    }

    /// <summary>Removes a code; its sub-codes move up to its parent, so deleting never loses more than the one code.</summary>
    public async Task<Outcome> DeleteCodeAsync(long codebookId, Guid guid, LibraryViewer viewer, CancellationToken ct)
    {
        var (codebook, error) = await EditableAsync(codebookId, viewer, ct);
        var code = codebook?.Codes.FirstOrDefault(c => c.Guid == guid);
        if (codebook is null || code is null)
        {
            return new(error ?? "There is no such code in this codebook.");
        }

        var parent = ParentOf(codebook, code);
        foreach (var child in codebook.Codes.Where(c => c.ParentId == code.Id).ToList())
        {
            child.Parent = parent;
            child.ParentId = parent?.Id;
        }

        codebook.Codes.Remove(code);
        db.Remove(code);
        Touch(codebook);
        await SaveAsync(codebook, ct);
        return Outcome.Ok;
    }

    public async Task<(CodeSet? Set, string? Error)> AddSetAsync(long codebookId, string name, string? description, LibraryViewer viewer, CancellationToken ct)
    {
        var (codebook, error) = await EditableAsync(codebookId, viewer, ct);
        if (codebook is null)
        {
            return (null, error);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, "Enter the set's name.");
        }

        var set = new CodeSet { Guid = Guid.NewGuid(), Name = name.Trim(), Description = description?.Trim() ?? "" };
        codebook.Sets.Add(set);
        Touch(codebook);
        await SaveAsync(codebook, ct);
        return (set, null);
    }

    /// <summary>Puts a code in exactly the given sets of its codebook (and takes it out of the others).</summary>
    public async Task<Outcome> SetMembershipAsync(long codebookId, Guid code, IReadOnlyCollection<Guid> sets, LibraryViewer viewer, CancellationToken ct)
    {
        var (codebook, error) = await EditableAsync(codebookId, viewer, ct);
        var member = codebook?.Codes.FirstOrDefault(c => c.Guid == code);
        if (codebook is null || member is null)
        {
            return new(error ?? "There is no such code in this codebook.");
        }

        if (sets.Any(g => codebook.Sets.All(s => s.Guid != g)))
        {
            return new("A chosen set is not in this codebook.");
        }

        foreach (var set in codebook.Sets)
        {
            var current = set.Members.FirstOrDefault(m => m.CodeId == member.Id);
            if (sets.Contains(set.Guid) && current is null)
            {
                set.Members.Add(new CodeSetMember { CodeSetId = set.Id, CodeId = member.Id });
            }
            else if (!sets.Contains(set.Guid) && current is not null)
            {
                set.Members.Remove(current);
            }
        }

        Touch(codebook);
        await SaveAsync(codebook, ct);
        return Outcome.Ok;
    }

    /// <summary>Publishing keeps the codebook as it is now as the next numbered version.</summary>
    public async Task<(CodebookVersion? Version, string? Error)> PublishAsync(long codebookId, LibraryViewer viewer, CancellationToken ct)
    {
        var (codebook, error) = await EditableAsync(codebookId, viewer, ct);
        if (codebook is null)
        {
            return (null, error);
        }

        if (codebook.Codes.Count == 0)
        {
            return (null, "Add at least one code before publishing.");
        }

        var now = clock.GetUtcNow();
        codebook.VersionCount++;
        codebook.Status = CodebookStatus.Published;
        codebook.UpdatedAt = now;
        var version = new CodebookVersion
        {
            CodebookId = codebook.Id, Number = codebook.VersionCount, SnapshotJson = CodebookSnapshot.Of(codebook).ToJson(),
            CreatedById = viewer.UserId, CreatedAt = now,
        };
        db.Add(version);
        await SaveAsync(codebook, ct);
        return (version, null);
    }

    public async Task<CodebookSnapshot?> SnapshotAsync(long codebookId, int? version, CancellationToken ct)
    {
        if (version is { } number)
        {
            var json = await db.Set<CodebookVersion>().AsNoTracking().Where(v => v.CodebookId == codebookId && v.Number == number)
                .Select(v => v.SnapshotJson).FirstOrDefaultAsync(ct);
            return json is null ? null : CodebookSnapshot.FromJson(json);
        }

        var codebook = await LoadAsync(codebookId, ct);
        return codebook is null ? null : CodebookSnapshot.Of(codebook);
    }

    private static Code? ParentOf(Codebook codebook, Code code) =>
        code.ParentId is { } id ? codebook.Codes.FirstOrDefault(c => c.Id == id) : null;

    private void Touch(Codebook codebook) => codebook.UpdatedAt = clock.GetUtcNow();
}
