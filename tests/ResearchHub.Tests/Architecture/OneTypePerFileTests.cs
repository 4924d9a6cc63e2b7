using System.Text.RegularExpressions;

namespace ResearchHub.Tests.Architecture;

/// <summary>
/// One public type per file, named after it: a reader finds a type by its file name. Records of one
/// endpoint's request and response may stay beside the endpoint class, so public records do not
/// count beside a non-record type; a Razor page's X.cshtml.cs holds XModel, a migration's 20261208100000_X.cs holds X. Top-level means at column 0: every file uses a file-scoped namespace.
/// </summary>
public sealed partial class OneTypePerFileTests
{
    [Fact]
    public void No_production_file_holds_more_than_one_public_type_or_is_named_after_none_of_its_types()
    {
        var findings = new List<string>();
        foreach (var file in SourceFiles.Production())
        {
            var types = PublicTopLevelTypes(File.ReadAllText(file));
            // A Razor page's code-behind, X.cshtml.cs, holds XModel; a migration's file,
            // 20261208100000_X.cs, holds X (the timestamp orders them).
            var name = file.EndsWith(".cshtml.cs", StringComparison.Ordinal)
                ? Path.GetFileName(file)[..^".cshtml.cs".Length] + "Model"
                : MigrationPrefix().Replace(Path.GetFileNameWithoutExtension(file), string.Empty);
            var counted = types.Where(t => !t.IsRecord).ToList() is { Count: > 0 } classes ? classes : types;
            if (counted.Count > 1)
            {
                findings.Add($"{SourceFiles.Relative(file)}: {counted.Count} public types ({string.Join(", ", counted.Select(t => t.Name))})");
            }
            else if (counted.Count == 1 && counted[0].Name != name)
            {
                findings.Add($"{SourceFiles.Relative(file)}: holds {counted[0].Name}");
            }
        }

        ArchitectureBaseline.AssertMatches("known-type-files.txt", findings, "one public type per file, named after it");
    }

    [Fact]
    public void The_rule_counts_public_top_level_types_and_not_nested_or_internal_ones()
    {
        var source = string.Join('\n',
            "namespace Sample;",
            "public sealed class First",
            "{",
            "    public sealed class Nested { }",
            "}",
            "internal sealed class Hidden { }",
            "public static partial class Second { }",
            "public sealed record Answer(int Value);",
            "public enum Kind { A }",
            "// public class InAComment",
            "public interface IThing { }");
        var types = PublicTopLevelTypes(source);
        Assert.Equal(["First", "Second", "Answer", "Kind", "IThing"], types.Select(t => t.Name));
        Assert.Equal([false, false, true, false, false], types.Select(t => t.IsRecord));
    }

    internal static IReadOnlyList<(string Name, bool IsRecord)> PublicTopLevelTypes(string source) =>
        [.. TopLevelType().Matches(source).Select(m => (m.Groups["name"].Value, m.Groups["kind"].Value.StartsWith("record", StringComparison.Ordinal)))];

    [GeneratedRegex(@"^\d{14}_")]
    private static partial Regex MigrationPrefix();

    [GeneratedRegex(@"^public\s+(?:(?:sealed|static|abstract|partial|readonly|ref|unsafe|new)\s+)*(?<kind>class|record\s+struct|record\s+class|record|struct|interface|enum|delegate\s+\S+)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
