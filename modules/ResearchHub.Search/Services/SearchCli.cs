using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Data;

namespace ResearchHub.Search.Services;

/// <summary>The <c>search</c> verb: <c>search reindex</c> rebuilds the index beside the live one and swaps it in.</summary>
public sealed class SearchCli : IHubCommand
{
    public Command Create(IServiceProvider services)
    {
        var reindex = new Command("reindex", "Rebuild the search index from the data, in batches: search keeps answering meanwhile.");
        reindex.SetAction(async (_, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var progress = new Progress<(string Type, int Done)>(p => Console.WriteLine($"  {p.Type}: {p.Done:N0} documents"));
            Console.WriteLine("Rebuilding the search index...");
            var total = await scope.ServiceProvider.GetRequiredService<ReindexService>().RebuildAsync(progress, ct);
            Console.WriteLine($"Search index rebuilt: {total:N0} documents.");
            return 0;
        });
        return new Command("search", "Search index maintenance.") { reindex };
    }
}
