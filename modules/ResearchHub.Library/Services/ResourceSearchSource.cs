using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Search;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>
/// What the library contributes to search: one document per resource (text by field, facets,
/// visibility), written by ResourceService and the extraction job in their own transactions, and
/// listed in full when the index is rebuilt.
/// </summary>
public sealed class ResourceSearchSource(HubDbContext db, IMemberDirectory directory, ISearchIndexer indexer) : ISearchSource, ISearchBacklog
{
    public const string TypeName = "resource";
    private const int BatchSize = 200;

    public string Type => TypeName;

    public string Description => "files awaiting text extraction (their resources are indexed without that text until it arrives)";

    public Task<int> CountAsync(CancellationToken ct) =>
        db.Set<ResourceFile>().CountAsync(f => f.ExtractionState == ExtractionState.Pending || f.ExtractionState == ExtractionState.Running, ct);

    /// <summary>Writes the resource's current state to the index (or removes it when it no longer exists).</summary>
    public async Task IndexAsync(long resourceId, CancellationToken ct)
    {
        var documents = await BuildAsync([resourceId], ct);
        if (documents.Count == 0)
        {
            await indexer.RemoveAsync(TypeName, Key(resourceId), ct);
        }
        else
        {
            await indexer.UpsertAsync(documents[0], ct);
        }
    }

    public Task RemoveAsync(long resourceId, CancellationToken ct) => indexer.RemoveAsync(TypeName, Key(resourceId), ct);

    public async IAsyncEnumerable<SearchDocument> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var ids = await db.Set<Resource>().Where(r => r.Id > after).OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                yield break;
            }

            foreach (var document in await BuildAsync(ids, ct))
            {
                yield return document;
            }

            after = ids[^1];
            db.ChangeTracker.Clear();
        }
    }

    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<List<SearchDocument>> BuildAsync(List<long> ids, CancellationToken ct)
    {
        var resources = await db.Set<Resource>().AsNoTracking()
            .Where(r => ids.Contains(r.Id))
            .Include(r => r.Authors)
            .Include(r => r.Organisations)
            .Include(r => r.Terms).ThenInclude(t => t.Term)
            .Include(r => r.Files)
            .AsSplitQuery()
            .ToListAsync(ct);
        var organisationIds = resources.SelectMany(r => r.Organisations.Select(o => o.OrganisationId)
            .Concat(r.OwnerOrganisationId is { } owner ? [owner] : [])).Distinct().ToList();
        var names = await directory.OrganisationNamesAsync(organisationIds, ct);
        return resources.OrderBy(r => r.Id).Select(r => Document(r, names)).ToList();
    }

    private static SearchDocument Document(Resource r, IReadOnlyDictionary<long, string> names)
    {
        var organisations = (r.OwnerOrganisationId is { } owner ? [owner] : new List<long>())
            .Concat(r.Organisations.Select(o => o.OrganisationId)).Distinct()
            .Where(names.ContainsKey).Select(id => names[id]).ToList();
        List<string> Terms(string vocabulary) =>
            r.Terms.Where(t => t.Term?.Vocabulary == vocabulary).Select(t => t.Term!.Label).Order(StringComparer.Ordinal).ToList();
        var sites = Terms(Vocabularies.Sites);
        var areas = Terms(Vocabularies.PracticeAreas);
        var methods = Terms(Vocabularies.Methods);
        var measures = Terms(Vocabularies.Measures);
        var extra = string.Join(" · ", r.Authors.OrderBy(a => a.Position).Select(a => a.Name)
            .Concat(organisations).Concat(sites).Concat(areas).Concat(methods).Concat(measures)
            .Concat(new[] { r.KeyFindings, r.Publisher, r.Doi }.Where(s => !string.IsNullOrWhiteSpace(s)).Cast<string>()));
        return new SearchDocument
        {
            Type = TypeName,
            Key = Key(r.Id),
            Title = r.Title,
            Summary = r.Summary,
            Body = r.Body,
            FileText = string.Join("\n\n", r.Files.OrderBy(f => f.Id).Where(f => f.ExtractedText is not null).Select(f => f.ExtractedText)),
            Extra = extra,
            Url = LibraryUrls.Show(r),
            Kind = ResourceKinds.Get(r.Kind).Name,
            Organisations = organisations,
            Sites = sites,
            PracticeAreas = areas,
            Methods = methods,
            Measures = measures,
            Year = r.Year,
            Date = r.PublicationDate is { } published ? new DateTimeOffset(published.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : r.PublishedAt ?? r.CreatedAt,
            // The enums share their order (Draft, Organisation, Network, Public) by design.
            Visibility = (SearchVisibility)(int)r.Visibility,
            OwnerOrganisationId = r.OwnerOrganisationId,
            CreatorUserId = r.CreatedById,
        };
    }
}
