using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Services;

public sealed record CrosswalkView(Crosswalk Crosswalk, Codebook From, Codebook To, CodebookSnapshot FromCodes, CodebookSnapshot ToCodes)
{
    public string PathOf(CodebookSnapshot side, Guid guid) =>
        side.Tree().FirstOrDefault(r => r.Code.Guid == guid)?.Path ?? $"(code {guid} no longer in the scheme)";
}

/// <summary>
/// Mappings between two schemes' codes. A crosswalk is maintained by editors of the "from"
/// scheme's organisation and seen by whoever may see both schemes.
/// </summary>
public sealed class CrosswalkService(HubDbContext db, CodebookService codebooks, TimeProvider clock)
{
    public async Task<CrosswalkView?> LoadAsync(long id, LibraryViewer viewer, CancellationToken ct)
    {
        var crosswalk = await db.Set<Crosswalk>().AsNoTracking().Include(c => c.Mappings).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (crosswalk is null)
        {
            return null;
        }

        var visible = await db.Set<Codebook>().AsNoTracking().VisibleTo(viewer)
            .Where(c => c.Id == crosswalk.FromCodebookId || c.Id == crosswalk.ToCodebookId).ToListAsync(ct);
        var from = visible.FirstOrDefault(c => c.Id == crosswalk.FromCodebookId);
        var to = visible.FirstOrDefault(c => c.Id == crosswalk.ToCodebookId);
        if (from is null || to is null)
        {
            return null;
        }

        return new CrosswalkView(crosswalk, from, to,
            (await codebooks.SnapshotAsync(from.Id, null, ct))!, (await codebooks.SnapshotAsync(to.Id, null, ct))!);
    }

    public Task<List<Crosswalk>> ForCodebookAsync(long codebookId, CancellationToken ct) =>
        db.Set<Crosswalk>().AsNoTracking().Where(c => c.FromCodebookId == codebookId || c.ToCodebookId == codebookId).ToListAsync(ct);

    public async Task<(Crosswalk? Crosswalk, string? Error)> CreateAsync(long fromId, long toId, string? note, LibraryViewer viewer, CancellationToken ct)
    {
        var books = await db.Set<Codebook>().AsNoTracking().VisibleTo(viewer).Where(c => c.Id == fromId || c.Id == toId).ToListAsync(ct);
        var from = books.FirstOrDefault(c => c.Id == fromId);
        if (from is null || books.All(c => c.Id != toId) || fromId == toId)
        {
            return (null, "Choose two different codebooks you can see.");
        }

        if (!viewer.CanEdit(from))
        {
            return (null, "Crosswalks are made by editors of the first scheme's organisation.");
        }

        var existing = await db.Set<Crosswalk>().FirstOrDefaultAsync(c => c.FromCodebookId == fromId && c.ToCodebookId == toId, ct);
        if (existing is not null)
        {
            return (existing, null);
        }

        var crosswalk = new Crosswalk { FromCodebookId = fromId, ToCodebookId = toId, Note = note?.Trim() ?? "", CreatedById = viewer.UserId, CreatedAt = clock.GetUtcNow() };
        db.Add(crosswalk);
        await db.SaveChangesAsync(ct);
        return (crosswalk, null);
    }

    public async Task<Outcome> MapAsync(long crosswalkId, Guid fromCode, Guid toCode, MappingRelation relation, string? note, LibraryViewer viewer, CancellationToken ct)
    {
        var view = await LoadAsync(crosswalkId, viewer, ct);
        if (view is null || !viewer.CanEdit(view.From))
        {
            return new("You may not change this crosswalk.");
        }

        if (view.FromCodes.Codes.All(c => c.Guid != fromCode) || view.ToCodes.Codes.All(c => c.Guid != toCode))
        {
            return new("Choose a code from each scheme.");
        }

        var mapping = await db.Set<CrosswalkMapping>().FirstOrDefaultAsync(m => m.CrosswalkId == crosswalkId && m.FromCodeGuid == fromCode && m.ToCodeGuid == toCode, ct);
        if (mapping is null)
        {
            mapping = new CrosswalkMapping { CrosswalkId = crosswalkId, FromCodeGuid = fromCode, ToCodeGuid = toCode };
            db.Add(mapping);
        }

        mapping.Relation = relation;
        mapping.Note = note?.Trim() ?? "";
        await db.SaveChangesAsync(ct);
        return Outcome.Ok;
    }

    public async Task<Outcome> UnmapAsync(long crosswalkId, long mappingId, LibraryViewer viewer, CancellationToken ct)
    {
        var view = await LoadAsync(crosswalkId, viewer, ct);
        if (view is null || !viewer.CanEdit(view.From))
        {
            return new("You may not change this crosswalk.");
        }

        await db.Set<CrosswalkMapping>().Where(m => m.CrosswalkId == crosswalkId && m.Id == mappingId).ExecuteDeleteAsync(ct);
        return Outcome.Ok;
    }

    public static byte[] ToCsv(CrosswalkView view) => Csv.Write(
        new List<IReadOnlyList<string>> { new[] { "from scheme", "from code", "from guid", "relation", "to scheme", "to code", "to guid", "note" } }
            .Concat(view.Crosswalk.Mappings.OrderBy(m => view.PathOf(view.FromCodes, m.FromCodeGuid), StringComparer.CurrentCulture).Select(m => (IReadOnlyList<string>)
            [
                view.From.Name, view.PathOf(view.FromCodes, m.FromCodeGuid), m.FromCodeGuid.ToString(),
                MappingRelations.Code(m.Relation),
                view.To.Name, view.PathOf(view.ToCodes, m.ToCodeGuid), m.ToCodeGuid.ToString(), m.Note,
            ])));
}
