using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Postgres.Migrations;

/// <summary>A pre-meeting questionnaire's closing time (Questionnaires.ClosesAt): answers are taken until then.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261208123500_QuestionnaireCloses")]
public sealed class QuestionnaireCloses : SqlScriptMigration
{
    protected override string ScriptName => "20261208123500_QuestionnaireCloses";
}
