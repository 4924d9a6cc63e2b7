using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;

namespace ResearchHub.Codebooks.Recipes;

/// <summary>
/// { "name": "codebooks", "codebooks": [ { "name", "description", "owner" (organisation name), "licence",
/// "visibility", "libraryResource" (slug), "origin", "publish": true, "codes": [ { "guid", "name", "definition",
/// "whenToUse", "whenNotToUse", "example", "color", "isCodable", "codes": [...] } ],
/// "sets": [ { "guid", "name", "description", "members": [guid] } ],
/// "status": "draft|published", "versions": [ { "number", "createdAt", "snapshot" (a version's stored JSON) } ] } ],
/// "crosswalks": [ { "from", "to" (codebook names), "mappings": [ { "from", "to" (code guids), "relation", "note" } ] } ],
/// "excerpts": [ { "codebook", "organisation", "id", "text", "codes": [guid], "visibility", "codedOn" } ] }.
/// Matched by name (codebooks), by the pair (crosswalks) and by id (excerpts): a codebook that exists is left as it is.
/// An exported codebook carries its "versions" as they were published; "publish" (hand-written recipes)
/// publishes the codes as given as version 1.
/// </summary>
public sealed class CodebooksRecipeStep(TimeProvider clock) : IRecipeStepHandler
{
    public string Name => "codebooks";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var db = context.Db;
        var now = clock.GetUtcNow();
        var books = new Dictionary<string, Codebook>(StringComparer.Ordinal);
        foreach (var (item, where) in step.Items("codebooks", "step \"codebooks\""))
        {
            var name = item.RequiredString("name", where);
            var codebook = db.Set<Codebook>().Local.FirstOrDefault(c => c.Name == name)
                ?? await db.Set<Codebook>().FirstOrDefaultAsync(c => c.Name == name, ct);
            if (codebook is not null)
            {
                books[name] = codebook;
                continue;
            }

            var visibility = item.OptionalString("visibility", where) ?? "public";
            if (!Visibilities.TryParse(visibility, out var level))
            {
                throw new RecipeException($"{where}: visibility \"{visibility}\" is not draft, organisation, network or public.");
            }

            codebook = new Codebook
            {
                Name = name, Description = item.OptionalString("description", where) ?? "", Licence = item.OptionalString("licence", where),
                Visibility = level, CreatedAt = now, UpdatedAt = now, Origin = item.OptionalString("origin", where),
                OwnerOrganisationId = await OrganisationAsync(context, item.OptionalString("owner", where), where, ct),
            };
            if (item.OptionalString("libraryResource", where) is { } slug)
            {
                codebook.LibraryResourceId = (db.Set<Resource>().Local.FirstOrDefault(r => r.Slug == slug)
                    ?? await db.Set<Resource>().FirstOrDefaultAsync(r => r.Slug == slug, ct)
                    ?? throw new RecipeException($"{where}: there is no library resource \"{slug}\".")).Id;
            }

            var byGuid = new Dictionary<Guid, Code>();
            AddCodes(codebook, item, null, where, byGuid);
            foreach (var (setItem, setWhere) in Optional(item, "sets", where))
            {
                codebook.Sets.Add(new CodeSet
                {
                    Guid = Guid(setItem, setWhere), Name = setItem.RequiredString("name", setWhere),
                    Description = setItem.OptionalString("description", setWhere) ?? "",
                    Members = Guids(setItem, "members", setWhere).Select(g => new CodeSetMember
                    {
                        Code = byGuid.GetValueOrDefault(g) ?? throw new RecipeException($"{setWhere}: member {g} is not a code of the codebook."),
                    }).ToList(),
                });
            }

            db.Add(codebook);
            var status = item.OptionalString("status", where);
            if (status is not null && status is not "draft" and not "published")
            {
                throw new RecipeException($"{where}: status \"{status}\" is not draft or published.");
            }

            if (Optional(item, "versions", where).ToList() is { Count: > 0 } versions)
            {
                foreach (var (versionItem, versionWhere) in versions)
                {
                    var number = versionItem.OptionalInt("number", versionWhere) is { } n and > 0
                        ? n : throw new RecipeException($"{versionWhere}: \"number\" is a version number from 1.");
                    var snapshot = versionItem.RequiredString("snapshot", versionWhere);
                    try
                    {
                        _ = CodebookSnapshot.FromJson(snapshot);
                    }
                    catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
                    {
                        throw new RecipeException($"{versionWhere}: \"snapshot\" is not a codebook version's JSON: {ex.Message}", ex);
                    }

                    var createdAt = versionItem.OptionalString("createdAt", versionWhere) is { } at
                        ? DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                            ? parsed.ToUniversalTime() : throw new RecipeException($"{versionWhere}: \"createdAt\" is not a date and time.")
                        : now;
                    db.Add(new CodebookVersion { Codebook = codebook, Number = number, SnapshotJson = snapshot, CreatedAt = createdAt });
                    codebook.VersionCount = Math.Max(codebook.VersionCount, number);
                }

                codebook.Status = status == "draft" ? CodebookStatus.Draft : CodebookStatus.Published;
            }
            else if (item.OptionalBool("publish", where) == true || status == "published")
            {
                // The ids are not known before saving; the snapshot only needs GUIDs, so it is built from the staged entities.
                codebook.Status = CodebookStatus.Published;
                codebook.VersionCount = 1;
                db.Add(new CodebookVersion { Codebook = codebook, Number = 1, SnapshotJson = Snapshot(codebook).ToJson(), CreatedAt = now });
            }

            books[name] = codebook;
        }

        foreach (var (item, where) in Optional(step, "crosswalks", "step \"codebooks\""))
        {
            var from = Book(books, item.RequiredString("from", where), where);
            var to = Book(books, item.RequiredString("to", where), where);
            if (from.Id != 0 && to.Id != 0 && await db.Set<Crosswalk>().AnyAsync(c => c.FromCodebookId == from.Id && c.ToCodebookId == to.Id, ct))
            {
                continue;
            }

            var crosswalk = new Crosswalk { From = from, To = to, Note = item.OptionalString("note", where) ?? "", CreatedAt = now };
            foreach (var (mapping, mappingWhere) in item.Items("mappings", where))
            {
                var relation = mapping.RequiredString("relation", mappingWhere);
                if (!MappingRelations.TryParse(relation, out var parsed))
                {
                    throw new RecipeException($"{mappingWhere}: relation \"{relation}\" is not same-as, broader, narrower or related.");
                }

                crosswalk.Mappings.Add(new CrosswalkMapping
                {
                    FromCodeGuid = Guid(mapping, mappingWhere, "from"), ToCodeGuid = Guid(mapping, mappingWhere, "to"),
                    Relation = parsed, Note = mapping.OptionalString("note", mappingWhere) ?? "",
                });
            }

            db.Add(crosswalk);
        }

        foreach (var (item, where) in Optional(step, "excerpts", "step \"codebooks\""))
        {
            var codebook = Book(books, item.RequiredString("codebook", where), where);
            var organisation = (await OrganisationAsync(context, item.RequiredString("organisation", where), where, ct))!.Value;
            var id = item.RequiredString("id", where);
            if (codebook.Id != 0 && await db.Set<CodedExcerpt>().AnyAsync(e => e.CodebookId == codebook.Id && e.OrganisationId == organisation && e.ExternalId == id, ct))
            {
                continue;
            }

            var codedOn = item.OptionalString("codedOn", where);
            db.Add(new CodedExcerpt
            {
                Codebook = codebook, OrganisationId = organisation, ExternalId = id, Text = item.RequiredString("text", where),
                Visibility = item.OptionalString("visibility", where) == "organisation" ? ExcerptVisibility.Organisation : ExcerptVisibility.Network,
                CodedOn = codedOn is null ? DateOnly.FromDateTime(now.UtcDateTime) : DateOnly.ParseExact(codedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                CreatedAt = now,
                Codes = Guids(item, "codes", where).Select(g => new ExcerptCode { CodeGuid = g }).ToList(),
            });
        }
    }

    private static void AddCodes(Codebook codebook, JsonElement item, Code? parent, string where, Dictionary<Guid, Code> byGuid)
    {
        var position = 0;
        foreach (var (codeItem, codeWhere) in Optional(item, "codes", where))
        {
            var color = codeItem.OptionalString("color", codeWhere);
            var code = new Code
            {
                Guid = Guid(codeItem, codeWhere), Name = codeItem.RequiredString("name", codeWhere), Parent = parent, Position = position++,
                Definition = codeItem.OptionalString("definition", codeWhere) ?? "",
                WhenToUse = codeItem.OptionalString("whenToUse", codeWhere) ?? "",
                WhenNotToUse = codeItem.OptionalString("whenNotToUse", codeWhere) ?? "",
                Example = codeItem.OptionalString("example", codeWhere) ?? "",
                Color = color is null ? null : QdcFormat.NormaliseColor(color) ?? throw new RecipeException($"{codeWhere}: colour \"{color}\" is not #RRGGBB or #RGB."),
                IsCodable = codeItem.OptionalBool("isCodable", codeWhere) ?? true,
            };
            codebook.Codes.Add(code);
            byGuid[code.Guid] = code;
            AddCodes(codebook, codeItem, code, codeWhere, byGuid);
        }
    }

    private static CodebookSnapshot Snapshot(Codebook codebook) => new(
        codebook.Name, codebook.Description, codebook.Licence, codebook.Origin,
        codebook.Codes.Select(c => new SnapshotCode(c.Guid, c.Parent?.Guid, c.Position, c.Name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color, c.IsCodable)).ToList(),
        codebook.Sets.Select(s => new SnapshotSet(s.Guid, s.Name, s.Description, s.Members.Select(m => m.Code!.Guid).ToList())).ToList());

    /// <summary>An array that may be left out (a leaf code has no "codes", a scheme may have no sets).</summary>
    private static IEnumerable<(JsonElement Item, string Where)> Optional(JsonElement element, string property, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out _) ? element.Items(property, where) : [];

    private static Codebook Book(Dictionary<string, Codebook> books, string name, string where) =>
        books.GetValueOrDefault(name) ?? throw new RecipeException($"{where}: \"{name}\" is not a codebook of this step.");

    private static async Task<long?> OrganisationAsync(RecipeContext context, string? name, string where, CancellationToken ct)
    {
        if (name is null)
        {
            return null;
        }

        return await context.Services.GetRequiredService<IMemberDirectory>().OrganisationIdByNameAsync(name, ct)
            ?? throw new RecipeException($"{where}: there is no organisation \"{name}\".");
    }

    private static Guid Guid(JsonElement item, string where, string property = "guid")
    {
        var raw = item.RequiredString(property, where);
        return QdcFormat.TryParseGuid(raw, out var guid) ? guid : throw new RecipeException($"{where}: \"{raw}\" is not a GUID.");
    }

    private static IEnumerable<Guid> Guids(JsonElement item, string property, string where)
    {
        if (!item.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return array.EnumerateArray().Select(e => QdcFormat.TryParseGuid(e.GetString(), out var g) ? g : throw new RecipeException($"{where}: \"{e}\" in {property} is not a GUID.")).ToList();
    }
}
