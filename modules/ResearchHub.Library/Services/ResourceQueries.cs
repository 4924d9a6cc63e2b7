using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>
/// The list's filters, from a query string, an API call or a citation export. Each facet takes
/// several values, any of which may match (kind is an evaluation or a toolkit); different facets
/// must all match.
/// </summary>
public sealed record ResourceFilter
{
    public IReadOnlyList<ResourceKind> Kinds { get; init; } = [];

    /// <summary>The one kind asked for, or null for none or several; setting it asks for that kind only.</summary>
    public ResourceKind? Kind
    {
        get => Kinds.Count == 1 ? Kinds[0] : null;
        init => Kinds = value is { } kind ? [kind] : [];
    }

    public IReadOnlyList<long> OrganisationIds { get; init; } = [];

    /// <summary>The one organisation asked for, or null for none or several.</summary>
    public long? OrganisationId
    {
        get => OrganisationIds.Count == 1 ? OrganisationIds[0] : null;
        init => OrganisationIds = value is { } id ? [id] : [];
    }

    /// <summary>Term keys per vocabulary key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Terms { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<int> Years { get; init; } = [];
    /// <summary>An evaluation question's key (the evidence map's links).</summary>
    public string? Question { get; init; }
    public string? Text { get; init; }
    public ResourceVisibility? Visibility { get; init; }
    /// <summary>Leave out drafts (the home page's "recently published").</summary>
    public bool PublishedOnly { get; init; }
    public string Sort { get; init; } = ResourceSorts.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
}

public sealed record ResourceListItem(Resource Resource, string? OwnerName);

public sealed record FacetValue(string Key, string Label, int Count);

public sealed record ResourcePage(
    IReadOnlyList<ResourceListItem> Items,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Reads resources for the list, API, feeds and exports. Visibility is always the first condition
/// of the query, so counts, facets and pages only ever contain what the viewer may see.
/// </summary>
public sealed class ResourceQueries(HubDbContext db, IMemberDirectory directory, ContentCache cache)
{
    public const string KindFacet = "kind";
    public const string OrganisationFacet = "organisation";
    public const string YearFacet = "year";

    public IQueryable<Resource> Filtered(LibraryViewer viewer, ResourceFilter filter)
    {
        var query = db.Set<Resource>().AsNoTracking().VisibleTo(viewer);
        if (filter.Kinds.Count > 0)
        {
            var kinds = filter.Kinds.Distinct().ToList();
            query = query.Where(r => kinds.Contains(r.Kind));
        }

        if (filter.Visibility is { } visibility)
        {
            query = query.Where(r => r.Visibility == visibility);
        }

        if (filter.PublishedOnly)
        {
            query = query.Where(r => r.Visibility != ResourceVisibility.Draft);
        }

        if (filter.OrganisationIds.Count > 0)
        {
            var organisations = filter.OrganisationIds.Distinct().ToList();
            query = query.Where(r => (r.OwnerOrganisationId != null && organisations.Contains(r.OwnerOrganisationId.Value))
                || r.Organisations.Any(o => organisations.Contains(o.OrganisationId)));
        }

        foreach (var (vocabulary, keys) in filter.Terms)
        {
            if (keys.Count > 0)
            {
                var any = keys.Distinct(StringComparer.Ordinal).ToList();
                query = query.Where(r => r.Terms.Any(t => t.Term!.Vocabulary == vocabulary && any.Contains(t.Term.Key)));
            }
        }

        if (filter.Question is { } question)
        {
            query = query.Where(r => r.Questions.Any(q => q.Question!.Key == question));
        }

        if (filter.Years.Count > 0)
        {
            // The publication date's year, or the period's end when there is no publication date.
            var years = filter.Years.Distinct().ToList();
            query = query.Where(r => (r.PublicationDate ?? r.PeriodEnd) != null && years.Contains((r.PublicationDate ?? r.PeriodEnd)!.Value.Year));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            // A plain contains-match until the Search module brings full-text search.
            var text = filter.Text.Trim().ToLower();
            query = query.Where(r => r.Title.ToLower().Contains(text) || r.Summary.ToLower().Contains(text));
        }

        return query;
    }

    public static IQueryable<Resource> Sorted(IQueryable<Resource> query, string? sort) => sort switch
    {
        ResourceSorts.Title => query.OrderBy(r => r.Title).ThenBy(r => r.Id),
        ResourceSorts.PublicationDate => query.OrderByDescending(r => r.PublicationDate ?? r.PeriodEnd).ThenByDescending(r => r.Id),
        ResourceSorts.Updated => query.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
        _ => query.OrderByDescending(r => r.PublishedAt ?? r.CreatedAt).ThenByDescending(r => r.Id),
    };

    /// <summary>
    /// A page of the filter's resources with the total and (when asked) the facets: read once per viewer's
    /// visibility, filter and page until content changes (<see cref="ContentCache"/>). The page is shared: never changed.
    /// </summary>
    public Task<ResourcePage> PageAsync(LibraryViewer viewer, ResourceFilter filter, bool withFacets, CancellationToken ct) =>
        cache.GetOrReadAsync($"library:page:{viewer.VisibilityKey}:{withFacets}:{ResourceFilterQuery.CacheKey(filter)}", c => ReadPageAsync(viewer, filter, withFacets, c), ct);

    private async Task<ResourcePage> ReadPageAsync(LibraryViewer viewer, ResourceFilter filter, bool withFacets, CancellationToken ct)
    {
        var query = Filtered(viewer, filter);
        var total = await query.CountAsync(ct);
        var pageSize = Math.Clamp(filter.PageSize, 1, 100);
        var page = Math.Max(1, filter.Page);
        var resources = await Sorted(query, filter.Sort)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Include(r => r.Authors)
            .Include(r => r.Organisations)
            .Include(r => r.Terms).ThenInclude(t => t.Term)
            .Include(r => r.Questions).ThenInclude(q => q.Question)
            .Include(r => r.Files)
            .AsSplitQuery()
            .ToListAsync(ct);
        var names = await OrganisationNamesAsync(ct);
        var items = resources.Select(r => new ResourceListItem(r, r.OwnerOrganisationId is { } o ? names.GetValueOrDefault(o) : null)).ToList();
        var facets = withFacets ? await FacetsAsync(viewer, filter, names, ct) : new Dictionary<string, IReadOnlyList<FacetValue>>();
        return new ResourcePage(items, total, page, pageSize, facets);
    }

    /// <summary>Organisation names by id (read once until content changes; the dictionary is the caller's own).</summary>
    public async Task<Dictionary<long, string>> OrganisationNamesAsync(CancellationToken ct) =>
        new(await cache.GetOrReadAsync("library:organisation-names", async c =>
            (IReadOnlyDictionary<long, string>)new Dictionary<long, string>(await directory.OrganisationNamesAsync(c)), ct));

    /// <summary>
    /// Counts by kind, organisation, vocabulary term and year, computed in SQL. Each facet is counted
    /// with every filter but its own, so its other values show how many more a second choice adds.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<FacetValue>>> FacetsAsync(
        LibraryViewer viewer, ResourceFilter filter, Dictionary<long, string> organisationNames, CancellationToken ct)
    {
        var facets = new Dictionary<string, IReadOnlyList<FacetValue>>();
        var all = Filtered(viewer, filter);

        var query = filter.Kinds.Count > 0 ? Filtered(viewer, filter with { Kinds = [] }) : all;
        var kinds = await query.GroupBy(r => r.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        facets[KindFacet] = kinds.Select(k => (Info: ResourceKinds.Get(k.Key), k.Count))
            .Select(k => new FacetValue(k.Info.Slug, k.Info.Name, k.Count))
            .OrderBy(f => f.Label, StringComparer.Ordinal).ToList();

        query = filter.OrganisationIds.Count > 0 ? Filtered(viewer, filter with { OrganisationIds = [] }) : all;
        var owners = await query.Where(r => r.OwnerOrganisationId != null)
            .GroupBy(r => r.OwnerOrganisationId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        facets[OrganisationFacet] = owners
            .Select(o => new FacetValue(o.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), organisationNames.GetValueOrDefault(o.Key, "?"), o.Count))
            .OrderBy(f => f.Label, StringComparer.Ordinal).ToList();

        // One count over the full filter for the vocabularies without a choice, one more per vocabulary with one.
        var unchosen = Vocabularies.All.Where(v => !filter.Terms.TryGetValue(v.Key, out var keys) || keys.Count == 0).Select(v => v.Key).ToList();
        var terms = await TermCountsAsync(all, unchosen, ct);
        foreach (var vocabulary in Vocabularies.All.Where(v => !unchosen.Contains(v.Key)))
        {
            var others = filter.Terms.Where(t => t.Key != vocabulary.Key).ToDictionary(t => t.Key, t => t.Value);
            terms.AddRange(await TermCountsAsync(Filtered(viewer, filter with { Terms = others }), [vocabulary.Key], ct));
        }

        foreach (var vocabulary in Vocabularies.All)
        {
            facets[vocabulary.Key] = terms.Where(t => t.Vocabulary == vocabulary.Key)
                .Select(t => new FacetValue(t.Key, t.Label, t.Count))
                .OrderBy(f => f.Label, StringComparer.Ordinal).ToList();
        }

        query = filter.Years.Count > 0 ? Filtered(viewer, filter with { Years = [] }) : all;
        var dates = await query.GroupBy(r => r.PublicationDate ?? r.PeriodEnd).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        facets[YearFacet] = dates.Where(d => d.Key is not null)
            .GroupBy(d => d.Key!.Value.Year)
            .Select(g => new FacetValue(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Sum(x => x.Count)))
            .OrderByDescending(f => f.Key, StringComparer.Ordinal).ToList();
        return facets;
    }

    private static async Task<List<(string Vocabulary, string Key, string Label, int Count)>> TermCountsAsync(
        IQueryable<Resource> query, List<string> vocabularies, CancellationToken ct) =>
        [.. (await query.SelectMany(r => r.Terms)
            .Where(t => vocabularies.Contains(t.Term!.Vocabulary))
            .GroupBy(t => new { t.Term!.Vocabulary, t.Term.Key, t.Term.Label })
            .Select(g => new { g.Key.Vocabulary, g.Key.Key, g.Key.Label, Count = g.Count() })
            .ToListAsync(ct))
            .Select(t => (t.Vocabulary, t.Key, t.Label, t.Count))];

    /// <summary>Up to <paramref name="limit"/> resources of the filter, with what citations need.</summary>
    public async Task<IReadOnlyList<Resource>> ForExportAsync(LibraryViewer viewer, ResourceFilter filter, int limit, CancellationToken ct) =>
        await Sorted(Filtered(viewer, filter), filter.Sort)
            .Take(limit)
            .Include(r => r.Authors)
            .Include(r => r.Organisations)
            .Include(r => r.Terms).ThenInclude(t => t.Term)
            .AsSplitQuery()
            .ToListAsync(ct);

    /// <summary>Other visible resources that share the most terms (or the kind and owner) with this one.</summary>
    public async Task<IReadOnlyList<Resource>> RelatedAsync(LibraryViewer viewer, Resource resource, int count, CancellationToken ct)
    {
        var termIds = resource.Terms.Select(t => t.TermId).ToList();
        var candidates = await db.Set<Resource>().AsNoTracking().VisibleTo(viewer)
            .Where(r => r.Id != resource.Id && r.Visibility != ResourceVisibility.Draft)
            .Select(r => new
            {
                Resource = r,
                Shared = r.Terms.Count(t => termIds.Contains(t.TermId)),
                SameOwner = r.OwnerOrganisationId == resource.OwnerOrganisationId,
            })
            .Where(x => x.Shared > 0 || x.SameOwner)
            .OrderByDescending(x => x.Shared).ThenByDescending(x => x.SameOwner).ThenByDescending(x => x.Resource.PublishedAt)
            .Take(count)
            .ToListAsync(ct);
        return candidates.Select(c => c.Resource).ToList();
    }
}
