using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Email;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Settings;

namespace ResearchHub.Core.Data;

/// <summary>
/// The hub's one database context. Core's own tables are declared here; each module contributes
/// the <see cref="IEntityTypeConfiguration{TEntity}"/> classes of its assembly through
/// <see cref="HubModelAssemblies"/>, so modules stay independent of one another's data.
/// </summary>
public sealed class HubDbContext(DbContextOptions<HubDbContext> options, HubModelAssemblies assemblies) : DbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<SiteSetting> SiteSettings => Set<SiteSetting>();
    public DbSet<RecipeRun> RecipeRuns => Set<RecipeRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HubDbContext).Assembly);
        foreach (var assembly in assemblies.Assemblies)
        {
            modelBuilder.ApplyConfigurationsFromAssembly(assembly);
        }

        if (Database.IsSqlite())
        {
            SqliteConventions.Apply(modelBuilder);
        }
    }
}
