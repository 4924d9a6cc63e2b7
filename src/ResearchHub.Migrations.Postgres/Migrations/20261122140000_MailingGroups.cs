using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Postgres.Migrations;

/// <summary>The MailingGroups module: groups, members with delivery modes, posts, digest records and the digest job lease.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122140000_MailingGroups")]
public sealed class MailingGroups : SqlScriptMigration
{
    protected override string ScriptName => "20261122140000_MailingGroups";
}
