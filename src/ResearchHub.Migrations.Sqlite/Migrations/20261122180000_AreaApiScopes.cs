using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>Personal API token scopes per area: the stored global "read" and "write" become every area's read and write scope.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122180000_AreaApiScopes")]
public sealed class AreaApiScopes : SqlScriptMigration
{
    protected override string ScriptName => "20261122180000_AreaApiScopes";
}
