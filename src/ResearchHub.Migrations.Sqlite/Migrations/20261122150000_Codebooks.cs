using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>The Codebooks module: codebooks, codes, sets, versions, crosswalks and their mappings, coded excerpts.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122150000_Codebooks")]
public sealed class Codebooks : SqlScriptMigration
{
    protected override string ScriptName => "20261122150000_Codebooks";
}
