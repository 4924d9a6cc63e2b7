using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>A meeting's history: each change an organiser makes to its agenda, people, log and details.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261207160000_MeetingChanges")]
public sealed class MeetingChanges : SqlScriptMigration
{
    protected override string ScriptName => "20261207160000_MeetingChanges";
}
