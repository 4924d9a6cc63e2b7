using System.Text.RegularExpressions;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.House;

/// <summary>
/// Tests take "now" from a clock (the hub's <see cref="HubFactory.Clock"/>, a <see cref="TestClock"/>,
/// or <see cref="TimeProvider.System"/> where the site process runs on the machine's clock), never
/// from the system clock's static "now" properties and their kin: a test that reads the wall clock directly is one whose
/// outcome can depend on the day and hour it runs (the weekly digest journey failed every Monday
/// before 07:00 London that way). scripts/test.sh can run the whole suite at a chosen instant
/// (HUB_TEST_FAKETIME) to find the rest.
/// </summary>
public sealed partial class TestClockRuleTests
{
    [Fact]
    public void No_test_reads_the_wall_clock_directly()
    {
        var offenders = new List<string>();
        foreach (var project in new[] { "ResearchHub.Tests", "ResearchHub.BrowserTests" })
        {
            var root = Path.Combine(TestEnvironment.RepoRoot, "tests", project);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(TestEnvironment.RepoRoot, file);
                if (relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || file.EndsWith(nameof(TestClockRuleTests) + ".cs", StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (WallClock().IsMatch(lines[i]))
                    {
                        offenders.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "These lines read the wall clock; take now from the hub's clock or a TestClock:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_rule_catches_each_way_of_reading_the_wall_clock()
    {
        // Each sample is put together here so that this file does not itself read as a wall-clock read.
        const string Dt = "DateTime";
        foreach (var line in new[] { $"var a = {Dt}.UtcNow;", $"x = {Dt}.Now.Date;", $"{Dt}Offset.UtcNow.AddDays(1)", $"{Dt}Offset.Now", $"{Dt}.Today" })
        {
            Assert.Matches(WallClock(), line);
        }

        Assert.DoesNotMatch(WallClock(), "var now = hub.Clock.GetUtcNow();");
    }

    [GeneratedRegex(@"\bDate" + @"Time(Offset)?\.(Utc" + @"Now|Now|To" + @"day)\b")]
    private static partial Regex WallClock();
}
