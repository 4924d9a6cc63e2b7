using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>Files attached to mailing-group posts (MailingGroupAttachments).</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208120000_PostAttachments")]
public sealed class PostAttachments : SqlScriptMigration
{
    protected override string ScriptName => "20261208120000_PostAttachments";
}
