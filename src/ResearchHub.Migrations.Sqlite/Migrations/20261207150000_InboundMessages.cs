using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>The inbound mailbox's record of processed messages (InboundMessages).</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261207150000_InboundMessages")]
public sealed class InboundMessages : SqlScriptMigration
{
    protected override string ScriptName => "20261207150000_InboundMessages";
}
