using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Architecture;

/// <summary>The production source: every .cs file under src/ and modules/, outside bin and obj.</summary>
public static class SourceFiles
{
    public static IEnumerable<string> Production()
    {
        foreach (var top in new[] { "src", "modules" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, top), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Relative(file);
                var parts = relative.Split('/');
                if (!parts.Contains("bin") && !parts.Contains("obj"))
                {
                    yield return file;
                }
            }
        }
    }

    public static string Relative(string file) => Path.GetRelativePath(TestEnvironment.RepoRoot, file).Replace('\\', '/');

    /// <summary>The module projects: modules/ResearchHub.X, by X.</summary>
    public static IReadOnlyList<string> Modules() =>
        [.. Directory.EnumerateDirectories(Path.Combine(TestEnvironment.RepoRoot, "modules"), "ResearchHub.*")
            .Select(d => Path.GetFileName(d)["ResearchHub.".Length..])
            .Order(StringComparer.Ordinal)];
}
