using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ResearchHub.Core.Data;

namespace ResearchHub.Migrations.Postgres.Migrations;

/// <summary>The Library module: resources, their authors, organisations, terms, questions, files, events and versions; vocabularies and evaluation questions.</summary>
[DbContext(typeof(HubDbContext))]
[Migration("20261122100000_Library")]
public sealed class Library : SqlScriptMigration
{
    protected override string ScriptName => "20261122100000_Library";
}
