using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>
/// A log of index writes (document ids in commit order), filled by triggers on SearchMeta, which the
/// in-memory postings read to stay in step with the index.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122210000_SearchChanges")]
public sealed class SearchChanges : SqlScriptMigration
{
    protected override string ScriptName => "20261122210000_SearchChanges";
}
