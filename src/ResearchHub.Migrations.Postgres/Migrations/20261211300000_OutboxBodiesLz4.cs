using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Postgres.Migrations;

/// <summary>The outbox's text and HTML bodies compressed with lz4 instead of pglz (PostgreSQL only: SQLite stores them as they are).</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261211300000_OutboxBodiesLz4")]
public sealed class OutboxBodiesLz4 : SqlScriptMigration
{
    protected override string ScriptName => "20261211300000_OutboxBodiesLz4";
}
