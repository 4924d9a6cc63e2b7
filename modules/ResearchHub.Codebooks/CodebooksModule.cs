using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Codebooks.Api;
using ResearchHub.Codebooks.Recipes;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;
using ResearchHub.Core.Web;

namespace ResearchHub.Codebooks;

/// <summary>
/// Story-coding schemes: code trees and sets, REFI-QDA (.qdc) and CSV exchange, published versions
/// and their diffs, crosswalks between schemes, coded excerpts and their counts, /api/v1/codebooks.
/// Who sees and edits a codebook follows the library's visibility rule and editor rights.
/// </summary>
public sealed class CodebooksModule : IHubModule
{
    public string Id => "Codebooks";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CodebookService>();
        services.AddScoped<CodebookSearchSource>();
        services.AddScoped<ISearchSource>(sp => sp.GetRequiredService<CodebookSearchSource>());
        services.AddScoped<CrosswalkService>();
        services.AddScoped<ExcerptService>();
        services.AddScoped<Pages.CodebookPages>();
        services.AddScoped<IRecipeStepHandler, CodebooksRecipeStep>();
        services.AddScoped<IRecipeExporter, CodebooksRecipeExporter>();
        services.AddScoped<INavigationProvider, CodebooksNavigation>();
        services.AddSingleton(CodebooksApiScopes.Area);
        services.AddSingleton<IHomeSection, CodebooksHomeSection>();
        services.AddScoped<ISitemapSource, CodebooksSitemapSource>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCodebookDownloads();
        endpoints.MapCodebooksApi();
    }
}
