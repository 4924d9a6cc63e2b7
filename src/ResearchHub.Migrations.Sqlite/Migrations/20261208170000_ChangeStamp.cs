using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>The change stamp: one row, raised after every committed write to content; anonymous pages' output cache keys on it.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208170000_ChangeStamp")]
public sealed class ChangeStamp : SqlScriptMigration
{
    protected override string ScriptName => "20261208170000_ChangeStamp";
}
