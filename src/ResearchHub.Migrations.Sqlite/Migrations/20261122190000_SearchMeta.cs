using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>
/// Search on SQLite reads one narrow row per document (visibility and facet keys) beside FTS5, and
/// the vocabulary table for term statistics. The index is emptied here and rebuilt from the data
/// when the site next starts (the Search module's start-up task), since facet keys are computed in code.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122190000_SearchMeta")]
public sealed class SearchMeta : SqlScriptMigration
{
    protected override string ScriptName => "20261122190000_SearchMeta";
}
