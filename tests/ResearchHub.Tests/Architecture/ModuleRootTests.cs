namespace ResearchHub.Tests.Architecture;

/// <summary>
/// Every module root holds the same files, so a reader knows where to look: the module class, its
/// permissions, navigation, URLs and options (Codebooks has no permissions of its own).
/// </summary>
public sealed class ModuleRootTests
{
    [Fact]
    public void Each_module_root_has_its_standard_files()
    {
        var findings = new List<string>();
        foreach (var module in SourceFiles.Modules())
        {
            var root = Path.Combine(Infrastructure.TestEnvironment.RepoRoot, "modules", $"ResearchHub.{module}");
            foreach (var file in StandardFiles(module))
            {
                if (!File.Exists(Path.Combine(root, file)))
                {
                    findings.Add($"modules/ResearchHub.{module}/{file}");
                }
            }
        }

        ArchitectureBaseline.AssertMatches("known-missing-root-files.txt", findings, "each module root has XModule.cs, Permissions.cs, XNavigation.cs, XUrls.cs, XOptions.cs");
    }

    private static IEnumerable<string> StandardFiles(string module)
    {
        yield return $"{module}Module.cs";
        if (module != "Codebooks")
        {
            yield return "Permissions.cs";
        }

        yield return $"{module}Navigation.cs";
        yield return $"{module}Urls.cs";
        yield return $"{module}Options.cs";
    }
}
