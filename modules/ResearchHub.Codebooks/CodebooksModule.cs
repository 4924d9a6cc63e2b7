using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Codebooks.Api;
using ResearchHub.Codebooks.Recipes;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;

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
        services.AddSingleton<IHomeSection, CodebooksHomeSection>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCodebookDownloads();
        endpoints.MapCodebooksApi();
    }
}

public sealed class CodebooksNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Codebooks", CodebookUrls.List, 50),
    ]);
}

public static class CodebookUrls
{
    public const string List = "/codebooks";

    public static string Show(long id, int? version = null) => version is { } v ? $"/codebooks/{id}?version={v}" : $"/codebooks/{id}";

    public static string Edit(long id) => $"/codebooks/{id}/edit";

    public static string EditCode(long id, Guid code) => $"/codebooks/{id}/codes/{code}";

    public static string Versions(long id) => $"/codebooks/{id}/versions";

    public static string Counts(long id) => $"/codebooks/{id}/counts";

    public static string Qdc(long id, int? version = null) => $"/codebooks/{id}/export.qdc" + (version is { } v ? $"?version={v}" : "");

    public static string CsvExport(long id, int? version = null) => $"/codebooks/{id}/export.csv" + (version is { } v ? $"?version={v}" : "");

    public static string Crosswalk(long id) => $"/codebooks/crosswalks/{id}";

    public static string CrosswalkCsv(long id) => $"/codebooks/crosswalks/{id}/export.csv";

    public static string ApiQdc(long id) => $"/api/v1/codebooks/{id}/qdc";
}
