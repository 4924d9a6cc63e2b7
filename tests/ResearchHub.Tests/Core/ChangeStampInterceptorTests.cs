using ResearchHub.Core.Data;

namespace ResearchHub.Tests.Core;

/// <summary>
/// Which writes raise the change stamp (and so empty every node's cache of anonymous pages): content
/// does; the workers' bookkeeping, written every few seconds on every node, must not.
/// </summary>
public sealed class ChangeStampInterceptorTests
{
    [Theory]
    [InlineData("""UPDATE "JobLeases" AS "j" SET "Owner" = @p0, "LeaseUntil" = @p1 WHERE "j"."Name" = @name""")]
    [InlineData("""INSERT INTO "JobLeases" ("Name", "Owner", "LeaseUntil") VALUES (@p0, @p1, @p2)""")]
    [InlineData("""INSERT INTO "SearchState" ("Name", "Value") VALUES (@n, @v) ON CONFLICT ("Name") DO UPDATE SET "Value" = excluded."Value" """)]
    [InlineData("""UPDATE "ApiTokens" AS "a" SET "LastUsedAt" = @p WHERE "a"."Id" = @id""")]
    [InlineData("""SELECT "r"."Id" FROM "Resources" AS "r" """)]
    public void Bookkeeping_writes_and_queries_leave_the_stamp_alone(string sql) =>
        Assert.False(ChangeStampInterceptor.WritesContent(sql));

    [Theory]
    [InlineData("""UPDATE "Resources" AS "r" SET "Visibility" = @p0 WHERE "r"."Id" = @id""")]
    [InlineData("""INSERT INTO "JobLeases" ("Name") VALUES (@p0); DELETE FROM "Pages" WHERE "Id" = @p1""")]
    public void A_write_to_content_raises_it(string sql) =>
        Assert.True(ChangeStampInterceptor.WritesContent(sql));
}
