using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;
using ResearchHub.Search.Api;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace ResearchHub.Search;

/// <summary>
/// One search over everything the modules contribute (ISearchSource): the index (SQLite FTS5 or
/// PostgreSQL full-text search, written in the same transaction as the data), our query language,
/// facets, snippets, re-ranking, /search, /api/v1/search, the reindex verb's service and /admin/search.
/// </summary>
public sealed class SearchModule : IHubModule
{
    public string Id => "Search";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SearchOptions>(configuration.GetSection(SearchOptions.Section));
        services.AddScoped<ISearchIndex>(sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            return db.Database.IsNpgsql() ? new PostgresSearchIndex(db, sp.GetRequiredService<PostgresTermStatistics>()) : new SqliteSearchIndex(db, sp.GetRequiredService<SqliteTermStatistics>(), sp.GetRequiredService<MemoryIndexHost>(), sp.GetRequiredService<IOptions<SearchOptions>>(), sp.GetRequiredService<ILogger<SqliteSearchIndex>>());
        });
        services.AddSingleton<SqliteTermStatistics>();
        services.AddSingleton<PostgresTermStatistics>();
        services.AddSingleton<MemoryIndexHost>();
        services.AddScoped<ISearchIndexer, SearchIndexer>();
        services.AddScoped<SearchService>();
        services.AddScoped<SearchViewerFactory>();
        services.AddScoped<ReindexService>();
        services.AddSingleton<IStartupTask, SearchStartupTask>();
        services.AddScoped<IRecipeCompletion, SearchRecipeCompletion>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, SearchNavigation>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapSearchApi();
}

public sealed class SearchNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Admin, "Search index", "/admin/search", 80, Permissions.Manage),
    ]);
}
