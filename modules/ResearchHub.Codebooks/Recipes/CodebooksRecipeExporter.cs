using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;

namespace ResearchHub.Codebooks.Recipes;

/// <summary>
/// Exports the "codebooks" step that <see cref="CodebooksRecipeStep"/> reads: every codebook with its
/// code tree (stable GUIDs, so crosswalks, excerpts and versions keep meaning the same codes on the
/// other hub), code sets, published versions (their snapshots as stored), the crosswalks between
/// codebooks and the coded excerpts. Codebooks name organisations and library resources, so the
/// library's steps come first.
/// </summary>
public sealed class CodebooksRecipeExporter(IMemberDirectory directory) : IRecipeExporter
{
    public int Order => 600;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var db = context.Db;
        var codebooks = await db.Set<Codebook>().Include(c => c.Codes).Include(c => c.Sets).ThenInclude(s => s.Members)
            .AsSplitQuery().OrderBy(c => c.Name).ToListAsync(ct);
        if (codebooks.Count == 0)
        {
            return [];
        }

        var organisations = await directory.OrganisationNamesAsync(ct);
        var resources = await db.Set<Resource>().ToDictionaryAsync(r => r.Id, r => r.Slug, ct);
        var versions = (await db.Set<CodebookVersion>().ToListAsync(ct)).ToLookup(v => v.CodebookId);
        var names = codebooks.ToDictionary(c => c.Id, c => c.Name);

        var items = new JsonArray();
        foreach (var c in codebooks)
        {
            var guids = c.Codes.ToDictionary(code => code.Id, code => code.Guid);
            items.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["description"] = c.Description,
                ["owner"] = c.OwnerOrganisationId is { } owner ? organisations.GetValueOrDefault(owner) : null,
                ["licence"] = c.Licence,
                ["origin"] = c.Origin,
                ["visibility"] = Visibilities.Code(c.Visibility),
                ["libraryResource"] = c.LibraryResourceId is { } resource ? resources.GetValueOrDefault(resource) : null,
                ["status"] = c.Status.ToString().ToLowerInvariant(),
                ["codes"] = Codes(c.Codes, null),
                ["sets"] = new JsonArray(c.Sets.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Guid).Select(s => (JsonNode)new JsonObject
                {
                    ["guid"] = s.Guid.ToString(),
                    ["name"] = s.Name,
                    ["description"] = s.Description,
                    ["members"] = new JsonArray(s.Members.Where(m => guids.ContainsKey(m.CodeId)).Select(m => guids[m.CodeId]).Order()
                        .Select(g => (JsonNode)JsonValue.Create(g.ToString())).ToArray()),
                }).ToArray()),
                ["versions"] = new JsonArray(versions[c.Id].OrderBy(v => v.Number).Select(v => (JsonNode)new JsonObject
                {
                    ["number"] = v.Number,
                    ["createdAt"] = v.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    // Kept as the stored text: a snapshot names codes by GUID only, so it means the same on any hub.
                    ["snapshot"] = v.SnapshotJson,
                }).ToArray()),
            });
        }

        var step = new JsonObject { ["name"] = "codebooks", ["codebooks"] = items };

        var crosswalks = await db.Set<Crosswalk>().Include(x => x.Mappings).ToListAsync(ct);
        step["crosswalks"] = new JsonArray(crosswalks
            .Where(x => names.ContainsKey(x.FromCodebookId) && names.ContainsKey(x.ToCodebookId))
            .OrderBy(x => names[x.FromCodebookId], StringComparer.Ordinal).ThenBy(x => names[x.ToCodebookId], StringComparer.Ordinal)
            .Select(x => (JsonNode)new JsonObject
            {
                ["from"] = names[x.FromCodebookId],
                ["to"] = names[x.ToCodebookId],
                ["note"] = x.Note,
                ["mappings"] = new JsonArray(x.Mappings.OrderBy(m => m.Id).Select(m => (JsonNode)new JsonObject
                {
                    ["from"] = m.FromCodeGuid.ToString(), ["to"] = m.ToCodeGuid.ToString(),
                    ["relation"] = MappingRelations.Code(m.Relation), ["note"] = m.Note,
                }).ToArray()),
            }).ToArray());

        var excerpts = await db.Set<CodedExcerpt>().Include(e => e.Codes).OrderBy(e => e.Id).ToListAsync(ct);
        step["excerpts"] = new JsonArray(excerpts
            .Where(e => names.ContainsKey(e.CodebookId) && organisations.ContainsKey(e.OrganisationId))
            .Select(e => (JsonNode)new JsonObject
            {
                ["codebook"] = names[e.CodebookId],
                ["organisation"] = organisations[e.OrganisationId],
                ["id"] = e.ExternalId,
                ["text"] = e.Text,
                ["codes"] = new JsonArray(e.Codes.Select(x => x.CodeGuid).Order().Select(g => (JsonNode)JsonValue.Create(g.ToString())).ToArray()),
                ["visibility"] = e.Visibility.ToString().ToLowerInvariant(),
                ["codedOn"] = e.CodedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }).ToArray());

        return [step];
    }

    private static JsonArray Codes(List<Code> all, long? parentId) =>
        new(all.Where(c => c.ParentId == parentId).OrderBy(c => c.Position).ThenBy(c => c.Id).Select(c => (JsonNode)new JsonObject
        {
            ["guid"] = c.Guid.ToString(),
            ["name"] = c.Name,
            ["definition"] = c.Definition,
            ["whenToUse"] = c.WhenToUse,
            ["whenNotToUse"] = c.WhenNotToUse,
            ["example"] = c.Example,
            ["color"] = c.Color,
            ["isCodable"] = c.IsCodable,
            ["codes"] = Codes(all, c.Id),
        }).ToArray());
}
