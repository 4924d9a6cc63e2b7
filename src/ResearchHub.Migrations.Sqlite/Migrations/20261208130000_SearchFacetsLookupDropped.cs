using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>
/// Drops the index that found documents by facet value: only the database's own searches used it,
/// and every document write paid for it. The index reads facet rows by document only.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208130000_SearchFacetsLookupDropped")]
public sealed class SearchFacetsLookupDropped : SqlScriptMigration
{
    protected override string ScriptName => "20261208130000_SearchFacetsLookupDropped";
}
