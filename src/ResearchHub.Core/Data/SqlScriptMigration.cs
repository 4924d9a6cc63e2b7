using Microsoft.EntityFrameworkCore.Migrations;

namespace ResearchHub.Core.Data;

/// <summary>
/// A migration whose Up is a SQL script embedded beside it in the provider's migrations project
/// (Migrations/{ScriptName}.sql). The scripts are generated from the EF model with the host's
/// <c>dev schema-script</c> verb and reviewed by hand; migrations are forward-only (restore from a
/// backup to go back).
/// </summary>
public abstract class SqlScriptMigration : Migration
{
    protected abstract string ScriptName { get; }

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var assembly = GetType().Assembly;
        var resource = assembly.GetManifestResourceNames()
            .SingleOrDefault(n => n.EndsWith($".Migrations.{ScriptName}.sql", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Migration script {ScriptName}.sql is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        migrationBuilder.Sql(reader.ReadToEnd());
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("ResearchHub migrations are forward-only: restore a backup to go back.");
}
