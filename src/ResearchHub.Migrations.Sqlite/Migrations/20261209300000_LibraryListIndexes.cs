using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>
/// The library list's indexes: its default order (newest first) as the expression the query sorts by, and
/// the columns the visibility rule, the counts and the facets read, so those scan a small index, not the rows.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261209300000_LibraryListIndexes")]
public sealed class LibraryListIndexes : SqlScriptMigration
{
    protected override string ScriptName => "20261209300000_LibraryListIndexes";
}
