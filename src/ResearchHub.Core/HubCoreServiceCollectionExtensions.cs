using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Files;
using ResearchHub.Core.Jobs;
using ResearchHub.Core.Markdown;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;
using ResearchHub.Core.Security;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;

namespace ResearchHub.Core;

public static class HubCoreServiceCollectionExtensions
{
    /// <summary>The kernel: data, email, files, recipes, permissions, navigation, settings and the clock.</summary>
    public static IServiceCollection AddHubCore(
        this IServiceCollection services,
        IConfiguration configuration,
        HubPaths paths,
        IEnumerable<Assembly> moduleAssemblies)
    {
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddHubDatabase(configuration, paths, moduleAssemblies);
        if (configuration.GetValue("Hub:Database:MigrateOnStart", true))
        {
            services.AddHostedService<DatabaseStartupService>();
        }

        services.AddHubEmail(configuration, paths);
        services.AddDataProtection().SetApplicationName("ResearchHub");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));

        services.AddSingleton<IFileStore, LocalFileStore>();
        services.AddHttpContextAccessor();
        services.AddSingleton<SiteAddress>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<IStartupTask, SiteAddressStartupTask>();
        services.AddScoped<PageHead>();
        services.AddSingleton<PermissionService>();
        services.AddSingleton<ApiScopeCatalog>();
        services.AddScoped<NavigationService>();
        services.AddScoped<SiteSettingsService>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<JobLeases>();
        services.AddScoped<RecipeExecutor>();
        services.AddScoped<IRecipeStepHandler, SettingsRecipeStep>();
        // The Search module, registered after Core, replaces it (the last registration wins).
        services.AddScoped<ISearchIndexer, NullSearchIndexer>();
        services.AddScoped<RecipeExportService>();
        services.AddScoped<IRecipeExporter, SettingsRecipeExporter>();

        services.AddSingleton<IAuthorizationPolicyProvider, HubPolicyProvider>();
        services.AddSingleton<IAuthorizationHandler, PermissionAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        return services;
    }
}
