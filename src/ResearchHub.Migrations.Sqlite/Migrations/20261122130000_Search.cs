using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>The Search module: documents, facets and state, with the engine's full-text index over them.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122130000_Search")]
public sealed class Search : SqlScriptMigration
{
    protected override string ScriptName => "20261122130000_Search";
}
