using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>Server-side session records behind the sign-in cookie, so sessions can be ended at once.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261207131000_MemberSessions")]
public sealed class MemberSessions : SqlScriptMigration
{
    protected override string ScriptName => "20261207131000_MemberSessions";
}
