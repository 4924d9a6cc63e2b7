using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>Members' own digest settings (MailingMemberSettings): their time zone and combined digest.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208122000_MemberDigestSettings")]
public sealed class MemberDigestSettings : SqlScriptMigration
{
    protected override string ScriptName => "20261208122000_MemberDigestSettings";
}
