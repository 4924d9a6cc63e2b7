using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;
using ResearchHub.Search.Api;
using ResearchHub.Search.Services;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Search;

/// <summary>
/// One search over everything the modules contribute (ISearchSource): the record (written in the
/// same transaction as the data) and this node's Lucene.Net index that follows it, our query
/// language, facets, snippets, ranking, /search, /api/v1/search, the reindex verb's service and /admin/search.
/// </summary>
public sealed class SearchModule : IHubModule
{
    public string Id => "Search";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SearchOptions>(configuration.GetSection(SearchOptions.Section));
        services.AddScoped<ISearchIndex, LuceneSearchIndex>();
        // Record writes in a transaction go a batch at a time, before its commit (one round trip per batch, not per document).
        services.AddSingleton<SearchWriteInterceptor>();
        services.ConfigureDbContext<HubDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<SearchWriteInterceptor>()));
        services.AddSingleton<SearchRecord>();
        services.AddSingleton<LuceneIndexHost>();
        services.AddHostedService<SearchFollower>();
        services.AddScoped<ISearchIndexer, SearchIndexer>();
        services.AddScoped<SearchService>();
        services.AddScoped<IRelatedDocuments, RelatedDocuments>();
        services.AddScoped<SearchViewerFactory>();
        services.AddScoped<ReindexService>();
        services.AddSingleton<IHubCommand, SearchCli>();
        services.AddSingleton<IStartupTask, SearchStartupTask>();
        services.AddScoped<IRecipeCompletion, SearchRecipeCompletion>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, SearchNavigation>();
        services.AddSingleton(SearchApiScopes.Area);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapSearchApi();
}
