using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>Members' choice of meeting notices (the ones turned off), and the day a date poll asks its invitees to answer by.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261207160100_MeetingNotifications")]
public sealed class MeetingNotifications : SqlScriptMigration
{
    protected override string ScriptName => "20261207160100_MeetingNotifications";
}
