using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>The Federation module: OAI-PMH tombstones, harvest sources, their runs and the records they brought in.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122160000_Federation")]
public sealed class Federation : SqlScriptMigration
{
    protected override string ScriptName => "20261122160000_Federation";
}
