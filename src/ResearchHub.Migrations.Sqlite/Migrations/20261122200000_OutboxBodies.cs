using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>
/// Outbox message bodies (text, HTML, headers, attachments) move to their own table keyed by the
/// message id, so claiming a message and marking it sent update only the narrow status row.
/// Existing messages keep their bodies (copied before the columns are dropped).
/// </summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122200000_OutboxBodies")]
public sealed class OutboxBodies : SqlScriptMigration
{
    protected override string ScriptName => "20261122200000_OutboxBodies";
}
