using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Postgres.Migrations;

/// <summary>
/// Search on Lucene.Net: drops the database's own full-text structures (derived, nothing lost) and
/// keeps the change log every node's index follows, written by a trigger on the document rows.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261207140000_SearchOnLucene")]
public sealed class SearchOnLucene : SqlScriptMigration
{
    protected override string ScriptName => "20261207140000_SearchOnLucene";
}
