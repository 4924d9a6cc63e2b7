using System.CommandLine;
using ResearchHub.Benchmarks.Verbs;

namespace ResearchHub.Benchmarks;

/// <summary>
/// The benchmark harness (../shared/design/BENCHMARKS.md): each verb works through the product's
/// real code paths on a fresh temporary hub, prints progress and a table, measures the floor (the
/// engine or transport doing the same work alone) in the same run, and ends with one
/// "RESULT {json}" line. (Not top-level statements: the host's own Program class is referenced.)
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("ResearchHub benchmark harness: run a verb, read its RESULT line.")
        {
            OutboxVerb.Command(),
            DigestVerb.Command(),
            RelevanceVerb.Command(),
            SearchVerb.Command(),
            SessionsVerb.Command(),
            PagesVerb.Command(),
        };
        return await root.Parse(args).InvokeAsync();
    }
}
