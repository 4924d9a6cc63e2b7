using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>The OpenID Connect provider: OpenIddict's applications, authorizations, scopes and tokens, and the provider's signing and encryption keys.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208100000_OpenIdProvider")]
public sealed class OpenIdProvider : SqlScriptMigration
{
    protected override string ScriptName => "20261208100000_OpenIdProvider";
}
