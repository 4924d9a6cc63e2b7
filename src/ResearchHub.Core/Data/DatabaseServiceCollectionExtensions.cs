using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResearchHub.Core.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "ResearchHub.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "ResearchHub.Migrations.Postgres";

    /// <summary>
    /// Registers <see cref="HubDbContext"/> on the configured provider, with the migrations of that
    /// provider's migrations project and the EF configurations of the given module assemblies.
    /// </summary>
    public static IServiceCollection AddHubDatabase(
        this IServiceCollection services,
        IConfiguration configuration,
        HubPaths paths,
        IEnumerable<Assembly> moduleAssemblies)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = ResolveConnectionString(options, configuration, paths);
        var resolved = new DatabaseOptions { Provider = options.Provider, ConnectionString = connectionString };

        services.AddSingleton(resolved);
        services.AddSingleton(new HubModelAssemblies(moduleAssemblies));
        services.AddSingleton<ChangeStamp>();
        services.AddSingleton<ChangeStampInterceptor>();
        services.AddSingleton<QueryCounter>();
        services.AddSingleton(new ContentCacheStore(
            TimeSpan.FromSeconds(configuration.GetValue("Hub:ContentCache:Seconds", 60)),
            configuration.GetValue("Hub:ContentCache:Entries", 20_000)));
        services.AddScoped<ContentCache>();
        services.AddDbContext<HubDbContext>((sp, builder) =>
        {
            Configure(builder, resolved);
            builder.AddInterceptors(sp.GetRequiredService<ChangeStampInterceptor>(), sp.GetRequiredService<QueryCounter>());
        });
        services.AddSingleton<StartupLock>();
        services.AddScoped<DatabaseInitializer>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(options.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(options.ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{options.Provider}'.");
        }

        // Migrations are SQL scripts generated from the model (EF's design-time package is not in
        // our registry), so there is no model snapshot to compare with; the test suite checks
        // instead that the migrated schema serves every entity in the model, on both providers.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    private static string ResolveConnectionString(DatabaseOptions options, IConfiguration configuration, HubPaths paths)
    {
        var configured = new[] { options.ConnectionString, configuration.GetConnectionString("Hub") }
            .FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        if (options.Provider == DatabaseProvider.Postgres)
        {
            return string.IsNullOrWhiteSpace(configured)
                ? throw new InvalidOperationException(
                    "Hub:Database:Provider is Postgres but no connection string is set: set Hub__Database__ConnectionString.")
                : configured;
        }

        var builder = new SqliteConnectionStringBuilder(configured ?? $"Data Source={paths.Combine("hub.db")}")
        {
            // Busy timeout: another node or the background workers may hold the write lock briefly.
            DefaultTimeout = 30,
        };
        return builder.ToString();
    }
}
