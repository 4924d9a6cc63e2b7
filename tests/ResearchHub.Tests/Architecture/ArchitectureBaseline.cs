using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Architecture;

/// <summary>
/// The house rules' known exceptions, one per line in a text file beside the tests, until the
/// refactor that removes them. A rule test fails on any finding not in its file (a new violation)
/// and on any line of its file that is no longer found (fixed: remove the line), so the list can
/// only shrink. Set HUB_ARCHITECTURE_BASELINE_WRITE=1 to rewrite the files from what is found.
/// </summary>
public static class ArchitectureBaseline
{
    public static void AssertMatches(string name, IEnumerable<string> found, string rule)
    {
        var path = Path.Combine(TestEnvironment.RepoRoot, "tests", "ResearchHub.Tests", "Architecture", name);
        var current = found.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (Environment.GetEnvironmentVariable("HUB_ARCHITECTURE_BASELINE_WRITE") == "1")
        {
            var header = File.Exists(path) ? File.ReadLines(path).TakeWhile(l => l.StartsWith('#')).ToList() : [$"# {rule}"];
            File.WriteAllLines(path, header.Concat(current));
            return;
        }

        var known = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var added = current.Where(f => !known.Contains(f)).ToList();
        var fixedOnes = known.Where(k => !current.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var message = "";
        if (added.Count > 0)
        {
            message += $"New violations of the rule \"{rule}\" (fix them; the list in {name} is of old ones only):\n  " + string.Join("\n  ", added) + "\n";
        }

        if (fixedOnes.Count > 0)
        {
            message += $"Fixed, so remove these lines from {name}:\n  " + string.Join("\n  ", fixedOnes) + "\n";
        }

        Assert.True(message.Length == 0, message);
    }
}
