using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Sqlite.Migrations;

/// <summary>One lease table for every module's background jobs (JobLeases), replacing MailingJobLeases and MeetingJobLeases.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208160000_MergedJobLeases")]
public sealed class MergedJobLeases : SqlScriptMigration
{
    protected override string ScriptName => "20261208160000_MergedJobLeases";
}
