using System.Text.Json;
using ResearchHub.Codebooks.Domain;

namespace ResearchHub.Codebooks.Services;

public sealed record SnapshotCode(
    Guid Guid,
    Guid? Parent,
    int Position,
    string Name,
    string Definition,
    string WhenToUse,
    string WhenNotToUse,
    string Example,
    string? Color,
    bool IsCodable);

public sealed record SnapshotSet(Guid Guid, string Name, string Description, IReadOnlyList<Guid> Members);

/// <summary>
/// A codebook's content at one moment: what a version keeps, and what the pages, exports and diff
/// read, so the current draft and every earlier version are shown and exported by the same code.
/// </summary>
public sealed record CodebookSnapshot(string Name, string Description, string? Licence, string? Origin, IReadOnlyList<SnapshotCode> Codes, IReadOnlyList<SnapshotSet> Sets)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CodebookSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<CodebookSnapshot>(json, Json) ?? throw new InvalidOperationException("An empty codebook snapshot.");

    public static CodebookSnapshot Of(Codebook codebook)
    {
        var guids = codebook.Codes.ToDictionary(c => c.Id, c => c.Guid);
        // Set members in the tree's reading order: the database keeps no order for them.
        var order = codebook.Codes.OrderBy(c => c.Position).ThenBy(c => c.Id).Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return new CodebookSnapshot(
            codebook.Name,
            codebook.Description,
            codebook.Licence,
            codebook.Origin,
            codebook.Codes.OrderBy(c => c.Position).ThenBy(c => c.Id).Select(c => new SnapshotCode(
                c.Guid, c.ParentId is { } p ? guids[p] : null, c.Position, c.Name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color, c.IsCodable)).ToList(),
            codebook.Sets.OrderBy(s => s.Name, StringComparer.CurrentCulture).Select(s => new SnapshotSet(
                s.Guid, s.Name, s.Description, s.Members.OrderBy(m => order[m.CodeId]).Select(m => guids[m.CodeId]).ToList())).ToList());
    }

    /// <summary>The tree in reading order, each code with its depth and path ("Parent / Child").</summary>
    public IReadOnlyList<TreeRow> Tree()
    {
        var children = Codes.ToLookup(c => c.Parent);
        var rows = new List<TreeRow>();
        void Walk(Guid? parent, int depth, string prefix)
        {
            foreach (var code in children[parent].OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.CurrentCulture))
            {
                var path = prefix.Length == 0 ? code.Name : prefix + PathSeparator + code.Name;
                rows.Add(new TreeRow(code, depth, path));
                Walk(code.Guid, depth + 1, path);
            }
        }

        Walk(null, 0, "");
        return rows;
    }

    public const string PathSeparator = " / ";

    public QdcCodebook ToQdc()
    {
        var children = Codes.ToLookup(c => c.Parent);
        IReadOnlyList<QdcCode> Level(Guid? parent) => children[parent].OrderBy(c => c.Position)
            .Select(c => new QdcCode(c.Guid, c.Name, c.IsCodable, c.Color, c.Definition, Level(c.Guid))).ToList();
        return new QdcCodebook(Origin, Level(null), Sets.Select(s => new QdcSet(s.Guid, s.Name, s.Description, s.Members)).ToList());
    }
}

public sealed record TreeRow(SnapshotCode Code, int Depth, string Path);

public enum ChangeKind
{
    Added,
    Removed,
    Renamed,
    Moved,
    Redefined,
}

public sealed record CodeChange(ChangeKind Kind, Guid Guid, string Name, string Detail);
