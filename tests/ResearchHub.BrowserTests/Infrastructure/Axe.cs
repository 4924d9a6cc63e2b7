using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests.Infrastructure;

/// <summary>One axe-core rule a page breaks, with the elements that break it.</summary>
public sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, IReadOnlyList<string> Targets);

/// <summary>The serious and critical violations axe found on one page (the ones that fail a test).</summary>
public sealed record AxeResult(string Url, IReadOnlyList<AxeViolation> Violations)
{
    public override string ToString()
    {
        if (Violations.Count == 0)
        {
            return $"axe: no serious or critical violations on {Url}";
        }

        var text = new StringBuilder($"axe: {Violations.Count} serious or critical violation(s) on {Url}:");
        foreach (var v in Violations)
        {
            text.Append("\n  [").Append(v.Impact).Append("] ").Append(v.Id).Append(": ").Append(v.Help).Append(" (").Append(v.HelpUrl).Append(')');
            foreach (var target in v.Targets.Take(10))
            {
                text.Append("\n      at ").Append(target);
            }
        }

        return text.ToString();
    }
}

/// <summary>Runs axe-core (HUB_TEST_AXE, installed by test.sh with npm ci) in a page.</summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() =>
    {
        var path = Environment.GetEnvironmentVariable("HUB_TEST_AXE") is { Length: > 0 } p
            ? p
            : Path.Combine(TestEnvironment.RepoRoot, "tests", "ResearchHub.BrowserTests", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"axe-core is missing at {path}: {TestEnvironment.RunTestSh} (it runs npm ci).");
    });

    private const string RunScript = """
        async () => {
          const results = await axe.run(document, { resultTypes: ['violations'] });
          return results.violations.map(v => ({
            id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
            targets: v.nodes.map(n => n.target.join(' ') + '  ' + (n.html || '').slice(0, 120))
          }));
        }
        """;

    /// <summary>Injects axe into the page (the context must have BypassCSP) and returns its serious and critical violations.</summary>
    public static async Task<AxeResult> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Source.Value });
        }

        var raw = await page.EvaluateAsync<JsonElement>(RunScript);
        var violations = raw.EnumerateArray()
            .Select(v => new AxeViolation(
                v.GetProperty("id").GetString()!,
                v.GetProperty("impact").GetString()!,
                v.GetProperty("help").GetString()!,
                v.GetProperty("helpUrl").GetString()!,
                v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!).ToList()))
            .Where(v => v.Impact is "serious" or "critical")
            .ToList();
        return new AxeResult(page.Url, violations);
    }
}
