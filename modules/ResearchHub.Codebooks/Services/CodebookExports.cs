using ResearchHub.Codebooks.Domain;

namespace ResearchHub.Codebooks.Services;

/// <summary>File names and the CSV form of a codebook (one row per code, with its path).</summary>
public static class CodebookExports
{
    public static byte[] ToCsv(CodebookSnapshot snapshot)
    {
        var sets = snapshot.Codes.ToDictionary(c => c.Guid, c => string.Join("; ", snapshot.Sets.Where(s => s.Members.Contains(c.Guid)).Select(s => s.Name)));
        return Csv.Write(
            new List<IReadOnlyList<string>> { new[] { "path", "guid", "name", "parent guid", "definition", "when to use", "when not to use", "example", "colour", "codable", "sets" } }
                .Concat(snapshot.Tree().Select(r => (IReadOnlyList<string>)
                [
                    r.Path, r.Code.Guid.ToString(), r.Code.Name, r.Code.Parent?.ToString() ?? "", r.Code.Definition, r.Code.WhenToUse,
                    r.Code.WhenNotToUse, r.Code.Example, r.Code.Color ?? "", r.Code.IsCodable ? "yes" : "no", sets[r.Code.Guid],
                ])));
    }

    public static string FileName(Codebook codebook, int? version, string extension)
    {
        var name = new string(codebook.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
        while (name.Contains("--", StringComparison.Ordinal))
        {
            name = name.Replace("--", "-", StringComparison.Ordinal);
        }

        name = name.Trim('-');
        return $"{(name.Length == 0 ? "codebook" : name)}{(version is { } v ? $"-v{v}" : "")}.{extension}";
    }
}
