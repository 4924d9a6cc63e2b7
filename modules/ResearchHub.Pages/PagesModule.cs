using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Web;
using ResearchHub.Pages.Recipes;
using ResearchHub.Pages.Services;

namespace ResearchHub.Pages;

/// <summary>Markdown pages, their place in the main menu, and the home page.</summary>
public sealed class PagesModule : IHubModule
{
    public string Id => "Pages";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PageService>();
        services.AddScoped<IRecipeStepHandler, PagesRecipeStep>();
        services.AddScoped<IRecipeExporter, PagesRecipeExporter>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, PagesNavigation>();
        services.AddScoped<ISitemapSource, PagesSitemapSource>();
    }

    // The module's UI is Razor Pages, found by convention; it has no API yet.
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
