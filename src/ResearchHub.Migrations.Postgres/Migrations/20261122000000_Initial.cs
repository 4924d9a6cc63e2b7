using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Postgres.Migrations;

/// <summary>The foundation schema: Core (outbox, settings, recipes), Accounts and Pages.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : SqlScriptMigration
{
    protected override string ScriptName => "20261122000000_Initial";
}
