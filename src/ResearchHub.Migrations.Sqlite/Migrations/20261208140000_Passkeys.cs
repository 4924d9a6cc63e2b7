using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>Members' passkeys (UserPasskeys, ASP.NET Core Identity's schema version 3).</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208140000_Passkeys")]
public sealed class Passkeys : SqlScriptMigration
{
    protected override string ScriptName => "20261208140000_Passkeys";
}
