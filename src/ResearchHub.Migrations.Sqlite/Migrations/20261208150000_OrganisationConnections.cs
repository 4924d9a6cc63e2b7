using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>Organisations' connections to their OpenID Connect providers (OrganisationConnections).</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208150000_OrganisationConnections")]
public sealed class OrganisationConnections : SqlScriptMigration
{
    protected override string ScriptName => "20261208150000_OrganisationConnections";
}
