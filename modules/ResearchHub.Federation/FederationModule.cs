using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Federation.Api;
using ResearchHub.Federation.Jobs;
using ResearchHub.Federation.Services;

namespace ResearchHub.Federation;

/// <summary>
/// The hub among other repositories: the OAI-PMH provider at /oai with tombstones for records that
/// stop being public, the harvester of other repositories' OAI-PMH feeds into the library, the
/// OpenAPI document of every module's API, and discovery: citation meta tags and /sitemap.xml.
/// </summary>
public sealed class FederationModule : IHubModule
{
    public string Id => "Federation";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(FederationOptions.Section);
        services.Configure<FederationOptions>(section);

        services.AddSingleton<TombstoneInterceptor>();
        // The library does not know about OAI; this interceptor watches its resources' visibility.
        services.ConfigureDbContext<HubDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<TombstoneInterceptor>()));

        services.AddSingleton<OaiTokenCodec>();
        services.AddScoped<OaiRecords>();
        services.AddScoped<OaiProvider>();
        services.AddHttpClient<OaiClient>((sp, http) =>
        {
            var harvester = section.Get<FederationOptions>()?.Harvester ?? new HarvesterOptions();
            http.Timeout = TimeSpan.FromSeconds(harvester.TimeoutSeconds);
            http.DefaultRequestHeaders.UserAgent.ParseAdd("ResearchHub-Harvester/1.0");
        });
        services.AddScoped<HarvestService>();
        services.AddSingleton<HarvestWorker>();
        if (section.GetValue("Harvester:RunWorker", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<HarvestWorker>());
        }

        services.AddScoped<RecipeDownloads>();
        services.AddSingleton<RecipeExportJobs>();
        services.AddHubOpenApi();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, FederationNavigation>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOai();
        endpoints.MapHubOpenApi();
        endpoints.MapSitemap();
    }
}
