using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>
/// The search index writes a document's FTS5 entry itself, in the same transaction as the row,
/// instead of insert and update triggers on SearchDocuments: a statement that fires a trigger opens
/// a statement savepoint, at which FTS5 writes out what it holds in memory, so every document of a
/// batch became a segment of its own and indexing spent most of its time merging them. The index
/// needs no rebuild: its entries are the same, only how they get there changes. Deletes keep their trigger.
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122220000_SearchFtsWrites")]
public sealed class SearchFtsWrites : SqlScriptMigration
{
    protected override string ScriptName => "20261122220000_SearchFtsWrites";
}
