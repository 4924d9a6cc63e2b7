using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>The Meetings module: series, meetings, people, agendas, registrations, polls, questionnaires, minutes, log, reports, feeds.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122120000_Meetings")]
public sealed class Meetings : SqlScriptMigration
{
    protected override string ScriptName => "20261122120000_Meetings";
}
