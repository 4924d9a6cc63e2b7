using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Search;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Search.Services;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Library;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>The index follows the data: the record in the same transaction, the Lucene index from the next search on: create, edit, unpublish, delete, roll back, rebuild.</summary>
public sealed class IndexConsistencyTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Create_edit_unpublish_and_delete_are_reflected_at_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var api = ApiClient(hub, null);
        var first = "qa" + Guid.NewGuid().ToString("N")[..10];
        var second = "qb" + Guid.NewGuid().ToString("N")[..10];

        var resource = await CreateResourceAsync(hub, $"Report {first}", null, ResourceVisibility.Public);
        Assert.Equal([$"Report {first}"], Titles(await ApiAsync(api, first)));

        await hub.WithScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<ResourceService>();
            var input = Input($"Report {second}");
            var change = await service.UpdateAsync(resource.Id, input, Setup, CancellationToken.None);
            Assert.True(change.Succeeded);
        });
        Assert.Empty(Titles(await ApiAsync(api, first)));
        Assert.Equal([$"Report {second}"], Titles(await ApiAsync(api, second)));

        await hub.WithScopeAsync(sp => sp.GetRequiredService<ResourceService>().SetVisibilityAsync(resource.Id, ResourceVisibility.Draft, Setup, CancellationToken.None));
        Assert.Empty(Titles(await ApiAsync(api, second)));
        Assert.Single(await SearchAsAdminAsync(hub, second));

        await hub.WithScopeAsync(sp => sp.GetRequiredService<ResourceService>().DeleteAsync(resource.Id, Setup, CancellationToken.None));
        Assert.Empty(await SearchAsAdminAsync(hub, second));
        Assert.Equal(0L, await IndexRowsAsync(hub, resource.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_rolled_back_transaction_leaves_no_index_row(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var word = "qc" + Guid.NewGuid().ToString("N")[..10];
        var id = await hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var change = await sp.GetRequiredService<ResourceService>().CreateAsync(
                Input($"Rolled back {word}"), Setup, CancellationToken.None);
            Assert.True(change.Succeeded);
            // The record's row exists inside the transaction; the index shows only what is committed.
            Assert.Equal(1L, await IndexRowsAsync(sp.GetRequiredService<HubDbContext>(), change.Resource!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var inside = await sp.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(word, []), SearchViewer.Administrator, CancellationToken.None);
            Assert.Empty(inside.Hits);
            await transaction.RollbackAsync();
            return change.Resource!.Id;
        });

        Assert.Empty(await SearchAsAdminAsync(hub, word)); // ...and is gone with it, never having reached the index
        Assert.Equal(0L, await IndexRowsAsync(hub, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Meetings_are_found_and_a_rebuild_restores_a_lost_index(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var word = "qd" + Guid.NewGuid().ToString("N")[..10];
        await hub.WithScopeAsync(async sp =>
        {
            var outcome = await sp.GetRequiredService<MeetingService>().CreateAsync(new MeetingInput(
                $"Network meeting {word}", "Agenda to follow.", new DateTime(2027, 3, 1, 10, 0, 0), new DateTime(2027, 3, 1, 12, 0, 0),
                "Europe/London", "Newport", null, null, MeetingVisibility.Network, MeetingStatus.Confirmed, null), null, CancellationToken.None);
            Assert.True(outcome.Succeeded);
        });
        await CreateResourceAsync(hub, $"Resource {word}", null, ResourceVisibility.Public);

        Assert.Equal([$"Resource {word}"], Titles(await ApiAsync(ApiClient(hub, null), word)));
        Assert.Equal(2, (await SearchAsAdminAsync(hub, word)).Count);

        await hub.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"SearchFacets\"; DELETE FROM \"SearchDocuments\";"));
        Assert.Empty(await SearchAsAdminAsync(hub, word));
        var count = await hub.WithScopeAsync(sp => sp.GetRequiredService<ReindexService>().RebuildAsync(null, CancellationToken.None));
        Assert.True(count >= 2);
        Assert.Equal(2, (await SearchAsAdminAsync(hub, word)).Count);

        // The admin page shows the index's state, including the rebuild just done.
        var admin = await SignInAdminAsync(hub);
        var page = await admin.GetDocumentAsync("/admin/search");
        var summary = page.QuerySelector(".summary-list")!.TextContent;
        Assert.Contains("resource:", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("never", summary, StringComparison.Ordinal);
        Assert.Contains("files awaiting text extraction", summary, StringComparison.Ordinal);
        // This node's Lucene index: its documents, segments and size, and no lag behind the change log.
        Assert.Matches(@"This node's index\s+[\d,]+ documents in [\d,]+ segments, [\d.]+ MB on disk", summary);
        Assert.Contains("up to date with the change log", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Saved_minutes_are_searched_with_their_meeting_at_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var title = "Minuted meeting " + Guid.NewGuid().ToString("N")[..8];
        var first = "qe" + Guid.NewGuid().ToString("N")[..10];
        var second = "qf" + Guid.NewGuid().ToString("N")[..10];
        var id = await hub.WithScopeAsync(async sp =>
        {
            var outcome = await sp.GetRequiredService<MeetingService>().CreateAsync(new MeetingInput(
                title, "Agenda to follow.", new DateTime(2027, 4, 1, 10, 0, 0), new DateTime(2027, 4, 1, 12, 0, 0),
                "Europe/London", "Newport", null, null, MeetingVisibility.Network, MeetingStatus.Confirmed, null), null, CancellationToken.None);
            Assert.True(outcome.Succeeded);
            return outcome.Value!.Id;
        });
        Assert.Empty(await SearchAsAdminAsync(hub, first));

        await hub.WithScopeAsync(sp => sp.GetRequiredService<FollowUpService>().SaveMinutesAsync(id, $"We agreed on {first}.", null, 0, null, "Organiser", CancellationToken.None));
        Assert.Equal([title], (await SearchAsAdminAsync(hub, first)).Select(h => h.Title).ToList());

        // A new revision replaces the old text in the index.
        await hub.WithScopeAsync(sp => sp.GetRequiredService<FollowUpService>().SaveMinutesAsync(id, $"We agreed on {second}.", null, 1, null, "Organiser", CancellationToken.None));
        Assert.Empty(await SearchAsAdminAsync(hub, first));
        Assert.Equal([title], (await SearchAsAdminAsync(hub, second)).Select(h => h.Title).ToList());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Writes_held_in_a_transaction_reach_the_record_at_commit_and_a_rolled_back_unit_drops_its_own(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var word = "hw" + Guid.NewGuid().ToString("N")[..10];
        var type = "held" + Guid.NewGuid().ToString("N")[..8];
        SearchDocument Document(string key, string title) => new()
        {
            Type = type, Key = key, Title = $"{title} {word}", Body = $"About {word}.", Url = $"/{type}/{key}", Kind = "Kind A",
            Organisations = ["Org " + key], Visibility = SearchVisibility.Public,
        };

        await hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            var indexer = sp.GetRequiredService<ISearchIndexer>();
            await using var outer = await UnitOfWork.BeginAsync(db, CancellationToken.None);
            for (var i = 0; i < 250; i++)
            {
                await indexer.UpsertAsync(Document("k" + i, "first"), CancellationToken.None); // sent a batch at a time, the last 50 held
            }

            await indexer.UpsertAsync(Document("k240", "second"), CancellationToken.None); // the same document again while its first write is held
            await using (var inner = await UnitOfWork.BeginAsync(db, CancellationToken.None))
            {
                await indexer.UpsertAsync(Document("gone", "rolled back"), CancellationToken.None);
                await indexer.UpsertAsync(Document("k3", "rolled back"), CancellationToken.None);
                await inner.RollbackAsync(CancellationToken.None);
            }

            await indexer.UpsertAsync(Document("k8", "third"), CancellationToken.None);
            await outer.CommitAsync(CancellationToken.None);
            return 0;
        });

        var rows = await hub.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT \"Key\" || ':' || \"Title\" AS \"Value\" FROM \"SearchDocuments\" WHERE \"Type\" = {0}", type).ToListAsync());
        Assert.Equal(250, rows.Count);
        Assert.Contains($"k240:second {word}", rows);
        Assert.Contains($"k8:third {word}", rows);
        Assert.Contains($"k3:first {word}", rows);
        Assert.Contains($"k249:first {word}", rows);
        Assert.DoesNotContain(rows, r => r.StartsWith("gone:", StringComparison.Ordinal));
        var facets = await hub.WithDbAsync(db => db.Database.SqlQueryRaw<long>(
            "SELECT count(*) AS \"Value\" FROM \"SearchFacets\" f JOIN \"SearchDocuments\" d ON d.\"Id\" = f.\"DocumentId\" WHERE d.\"Type\" = {0}", type).SingleAsync());
        Assert.Equal(500L, facets); // kind and organisation, once each per document
        var found = await hub.WithScopeAsync(sp => sp.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(word, []), SearchViewer.Administrator, CancellationToken.None));
        Assert.Equal(250, found.Total);
    }

    private static Task<IReadOnlyList<SearchHit>> SearchAsAdminAsync(HubFactory hub, string word) =>
        hub.WithScopeAsync(async sp =>
            (await sp.GetRequiredService<SearchService>().SearchAsync(new SearchRequest(word, []), SearchViewer.Administrator, CancellationToken.None)).Hits);

    private static Task<long> IndexRowsAsync(HubFactory hub, string key) => hub.WithDbAsync(db => IndexRowsAsync(db, key));

    private static Task<long> IndexRowsAsync(HubDbContext db, string key) => db.Database.SqlQueryRaw<long>(
        "SELECT count(*) AS \"Value\" FROM \"SearchDocuments\" WHERE \"Type\" = 'resource' AND \"Key\" = {0}", key).SingleAsync();

    private static ResourceInput Input(string title) => new()
    {
        Kind = ResourceKind.CaseStudy,
        Title = title,
        Authors = [new AuthorInput { Name = "Ada Lovelace" }],
        PublicationDate = new DateOnly(2020, 1, 1),
    };
}
