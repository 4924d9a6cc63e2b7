using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>When a mailing-group post was last edited (MailingGroupPosts.EditedAt).</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208121000_PostEdits")]
public sealed class PostEdits : SqlScriptMigration
{
    protected override string ScriptName => "20261208121000_PostEdits";
}
