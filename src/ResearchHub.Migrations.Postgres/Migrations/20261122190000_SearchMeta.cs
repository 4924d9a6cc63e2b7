using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Postgres.Migrations;

/// <summary>
/// Search on PostgreSQL keeps each document's facet keys on its row (counted in one pass with the
/// matches) and the facet values by key. The index is emptied here and rebuilt from the data when
/// the site next starts (the Search module's start-up task), since facet keys are computed in code.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122190000_SearchMeta")]
public sealed class SearchMeta : SqlScriptMigration
{
    protected override string ScriptName => "20261122190000_SearchMeta";
}
