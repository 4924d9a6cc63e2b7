using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Digests;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;
using ResearchHub.Core.Web;
using ResearchHub.Library.Api;
using ResearchHub.Library.Jobs;
using ResearchHub.Library.Recipes;
using ResearchHub.Library.Services;

namespace ResearchHub.Library;

/// <summary>
/// Resources of every kind with their files, vocabularies, visibility and workflow, versions, the
/// evidence map, citation exports and Atom feeds, and /api/v1/resources.
/// </summary>
public sealed class LibraryModule : IHubModule
{
    public string Id => "Library";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LibraryOptions.Section);
        services.Configure<LibraryOptions>(section);

        // One page creates and edits, so the two forms cannot drift apart.
        services.Configure<RazorPagesOptions>(o => o.Conventions.AddPageRoute("/Library/Edit", "library/new"));

        services.AddScoped<LibraryViewerFactory>();
        services.AddScoped<ResourceService>();
        // Search: the library's documents, and the extraction backlog for the search admin page.
        services.AddScoped<ResourceSearchSource>();
        services.AddScoped<ISearchSource>(sp => sp.GetRequiredService<ResourceSearchSource>());
        services.AddScoped<ISearchBacklog>(sp => sp.GetRequiredService<ResourceSearchSource>());
        services.AddScoped<ResourceQueries>();
        services.AddScoped<VocabularyService>();
        services.AddScoped<EvidenceMapService>();
        services.AddSingleton<TextExtractor>();
        services.AddScoped<TextExtractionService>();
        services.AddSingleton<ExtractionSignal>();
        if (section.GetValue(nameof(LibraryOptions.RunExtractionWorker), true))
        {
            services.AddHostedService<TextExtractionWorker>();
        }

        services.AddScoped<IRecipeStepHandler, VocabulariesRecipeStep>();
        services.AddScoped<IRecipeStepHandler, EvaluationQuestionsRecipeStep>();
        services.AddScoped<IRecipeStepHandler, ResourcesRecipeStep>();
        services.AddScoped<IRecipeExporter, LibraryRecipeExporter>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, LibraryNavigation>();
        services.AddSingleton(LibraryApiScopes.Area);
        services.AddSingleton<IHomeSection, LibraryHomeSection>();
        services.AddScoped<ISitemapSource, LibrarySitemapSource>();
        services.AddScoped<IDigestSection, LibraryDigestSection>();
        // A public resource's page carries its citation_* and DC.* meta tags for scholarly indexes.
        services.AddScoped<DiscoveryMetaFilter>();
        services.Configure<MvcOptions>(o => o.Filters.AddService<DiscoveryMetaFilter>());
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapLibraryWeb();
        endpoints.MapResourcesApi();
    }
}
