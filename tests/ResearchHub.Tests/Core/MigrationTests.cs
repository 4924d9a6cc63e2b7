using System.Data.Common;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Core;

/// <summary>
/// The SQL-script migrations against the EF model, on both providers: there is no model snapshot,
/// so these tests are what proves the migrated schema serves every entity the model maps.
/// </summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Fresh_database_is_migrated_and_every_entity_can_be_queried(string provider)
    {
        await using var hub = new HubFactory(provider);
        await hub.StartAsync();

        using var client = hub.CreateClient();
        Assert.Equal("ready", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
        if (provider == "Sqlite")
        {
            // The factory's own App_Data was used, not the project's.
            Assert.True(File.Exists(Path.Combine(hub.AppData, "hub.db")), $"hub.db is not in the factory's App_Data {hub.AppData}");
        }

        var failures = await hub.WithDbAsync(async db =>
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
            Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(provider == "Postgres", db.Database.IsNpgsql());

            var problems = new List<string>();
            var entityTypes = db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()).ToList();
            Assert.True(entityTypes.Count >= 10, $"Only {entityTypes.Count} entity types in the model");
            foreach (var entity in entityTypes)
            {
                problems.AddRange(await SelectEveryColumnAsync(db, entity));
                problems.AddRange(await QueryThroughEfAsync(db, entity));
            }

            return problems;
        });

        Assert.True(failures.Count == 0, $"The {provider} schema does not match the model:\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_hosts_starting_together_on_a_fresh_database_both_come_up_and_migrate_once(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        await using var first = new HubFactory(storage);
        await using var second = new HubFactory(storage);

        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        foreach (var hub in new[] { first, second })
        {
            using var client = hub.CreateClient();
            Assert.Equal("ready", await client.GetStringAsync(new Uri("/readyz", UriKind.Relative)));
        }

        await first.WithDbAsync(async db =>
        {
            // Every migration applied, each exactly once (one history row each).
            var migrations = db.Database.GetMigrations().ToList();
            Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(migrations.Count, await CountRowsAsync(db, "__EFMigrationsHistory"));
            Assert.Equal(1, await db.RecipeRuns.CountAsync());
            Assert.Single(await AdministratorsAsync(db));
        });
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_second_start_on_the_same_data_applies_nothing_twice(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        string firstAdminId;
        await using (var first = new HubFactory(storage))
        {
            await first.StartAsync();
            firstAdminId = await first.WithDbAsync(async db =>
            {
                Assert.Equal(1, await db.RecipeRuns.CountAsync());
                return Assert.Single(await AdministratorsAsync(db));
            });
        }

        // Another administrator address in the configuration must not create a second administrator.
        await using var second = new HubFactory(storage).WithSetting("Hub:Admin:Email", "another-admin@example.org");
        await second.StartAsync();
        await second.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.RecipeRuns.CountAsync());
            Assert.Equal(db.Database.GetMigrations().Count(), await CountRowsAsync(db, "__EFMigrationsHistory"));
            Assert.Equal(firstAdminId, Assert.Single(await AdministratorsAsync(db)));
            Assert.False(await db.Set<HubUser>().AnyAsync(u => u.Email == "another-admin@example.org"));
            Assert.Equal(HubRoles.All.Count, await db.Set<IdentityRole>().CountAsync());
        });
    }

    internal static async Task<List<string>> AdministratorsAsync(HubDbContext db) =>
        await (from user in db.Set<HubUser>()
               join link in db.Set<IdentityUserRole<string>>() on user.Id equals link.UserId
               join role in db.Set<IdentityRole>() on link.RoleId equals role.Id
               where role.Name == HubRoles.Administrator
               select user.Id).ToListAsync();

    internal static async Task<long> CountRowsAsync(HubDbContext db, string table)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        return await ScalarAsync(db, $"SELECT COUNT(*) FROM {sql.DelimitIdentifier(table)}");
    }

    private static async Task<long> ScalarAsync(HubDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>SELECT every mapped column of the entity's table: a missing table or column fails, naming it.</summary>
    private static async Task<IEnumerable<string>> SelectEveryColumnAsync(HubDbContext db, IEntityType entity)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => p.GetColumnName(table)).OfType<string>().Distinct().ToList();
        var text = $"SELECT {string.Join(", ", columns.Select(sql.DelimitIdentifier))} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} WHERE 1 = 0";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = text;
            await using var reader = await command.ExecuteReaderAsync();
            var returned = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var missing = columns.Where(c => !returned.Contains(c)).ToList();
            return missing.Count == 0 ? [] : [$"{entity.DisplayName()}: columns not returned: {string.Join(", ", missing)}"];
        }
        catch (DbException ex)
        {
            return [$"{entity.DisplayName()} ({table.Name}): {ex.Message}"];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Reads the entity through EF (types and conversions too), for every entity with its own CLR type.</summary>
    private static async Task<IEnumerable<string>> QueryThroughEfAsync(HubDbContext db, IEntityType entity)
    {
        if (entity.HasSharedClrType)
        {
            return [];
        }

        try
        {
            var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(entity.ClrType).Invoke(db, null)!;
            var toList = typeof(MigrationTests).GetMethod(nameof(FirstRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(entity.ClrType);
            await (Task)toList.Invoke(null, [set])!;
            return [];
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            return [$"{entity.DisplayName()} through EF: {ex.Message}"];
        }
    }

    private static async Task FirstRowsAsync<T>(IQueryable<T> set)
        where T : class => await set.AsNoTracking().Take(5).ToListAsync();
}
