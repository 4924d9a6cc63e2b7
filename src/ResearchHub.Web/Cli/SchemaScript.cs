using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;

namespace ResearchHub.Web.Cli;

/// <summary>The model's CREATE script for a provider, generated without touching a database.</summary>
public static class SchemaScript
{
    public static string Generate(IServiceProvider services, DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<HubDbContext>();
        DatabaseServiceCollectionExtensions.Configure(builder, options);
        using var db = new HubDbContext(builder.Options, services.GetRequiredService<HubModelAssemblies>());
        return db.Database.GenerateCreateScript();
    }
}
