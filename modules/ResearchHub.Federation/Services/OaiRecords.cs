using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Federation.Domain;
using ResearchHub.Library;
using ResearchHub.Library.Domain;

namespace ResearchHub.Federation.Services;

/// <summary>One OAI item: a public resource (with its Dublin Core) or a tombstone.</summary>
public sealed record OaiItem(long Id, DateTimeOffset Datestamp, IReadOnlyList<string> Sets, DublinCore? Metadata)
{
    public bool Deleted => Metadata is null;
}

/// <summary>The fifteen Dublin Core elements as lists, in the order oai_dc writes them.</summary>
public sealed record DublinCore(IReadOnlyList<(string Element, string Value)> Elements);

/// <summary>
/// Reads the public library for the OAI-PMH provider. Public resources only, ever: every query
/// here filters on <see cref="ResourceVisibility.Public"/> itself rather than trusting a caller.
/// Sets: "kind:SLUG" for resource kinds and "org:ID" for owning and contributing organisations.
/// </summary>
public sealed class OaiRecords(HubDbContext db, IMemberDirectory directory)
{
    /// <summary>The parents of the set hierarchy: every record is in "kind"; records with an organisation are in "org".</summary>
    public const string KindSet = "kind";
    public const string OrganisationSet = "org";
    public const string KindSetPrefix = KindSet + ":";
    public const string OrganisationSetPrefix = OrganisationSet + ":";

    private IQueryable<Resource> Public => db.Set<Resource>().AsNoTracking().Where(r => r.Visibility == ResourceVisibility.Public);

    public async Task<DateTimeOffset?> EarliestAsync(CancellationToken ct)
    {
        var live = await Public.OrderBy(r => r.UpdatedAt).Select(r => (DateTimeOffset?)r.UpdatedAt).FirstOrDefaultAsync(ct);
        var gone = await db.Set<OaiTombstone>().OrderBy(t => t.DeletedAt).Select(t => (DateTimeOffset?)t.DeletedAt).FirstOrDefaultAsync(ct);
        return (live, gone) switch
        {
            (null, _) => gone,
            (_, null) => live,
            _ => live < gone ? live : gone,
        };
    }

    public async Task<IReadOnlyList<(string Spec, string Name)>> SetsAsync(CancellationToken ct)
    {
        var organisations = await directory.OrganisationsAsync(ct);
        return ResourceKinds.All.Select(k => (KindSetPrefix + k.Slug, k.Plural))
            .Prepend((KindSet, "Resource kinds"))
            .Append((OrganisationSet, "Organisations"))
            .Concat(organisations.Select(o => (OrganisationSetPrefix + o.Id.ToString(CultureInfo.InvariantCulture), o.Name)))
            .ToList();
    }

    /// <summary>Whether the id names a record: a public resource or a tombstone.</summary>
    public async Task<OaiItem?> FindAsync(long id, CancellationToken ct)
    {
        var resource = await Public.Where(r => r.Id == id).Include(r => r.Authors).Include(r => r.Organisations)
            .Include(r => r.Terms).ThenInclude(t => t.Term).Include(r => r.Files).AsSplitQuery().FirstOrDefaultAsync(ct);
        if (resource is not null)
        {
            return (await ToItemsAsync([resource], ct))[0];
        }

        var tombstone = await db.Set<OaiTombstone>().AsNoTracking().FirstOrDefaultAsync(t => t.ResourceId == id, ct);
        return tombstone is null ? null : ToItem(tombstone);
    }

    public async Task<int> CountAsync(OaiListState state, CancellationToken ct) =>
        await Live(state).CountAsync(ct) + await Gone(state).CountAsync(ct);

    /// <summary>
    /// The next page after the state's keyset position, in (datestamp, id) order over live records
    /// and tombstones together; one more than <paramref name="take"/> tells whether more follow.
    /// </summary>
    public async Task<IReadOnlyList<OaiItem>> PageAsync(OaiListState state, int take, bool withMetadata, CancellationToken ct)
    {
        var live = Live(state);
        var gone = Gone(state);
        if (state.LastTicks is { } lastTicks)
        {
            var last = new DateTimeOffset(lastTicks, TimeSpan.Zero);
            var lastId = state.LastId;
            live = live.Where(r => r.UpdatedAt > last || (r.UpdatedAt == last && r.Id > lastId));
            gone = gone.Where(t => t.DeletedAt > last || (t.DeletedAt == last && t.ResourceId > lastId));
        }

        var liveQuery = live.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Id).Take(take + 1)
            .Include(r => r.Organisations);
        var resources = withMetadata
            ? await liveQuery.Include(r => r.Authors).Include(r => r.Terms).ThenInclude(t => t.Term).Include(r => r.Files).AsSplitQuery().ToListAsync(ct)
            : await liveQuery.AsSplitQuery().ToListAsync(ct);
        var tombstones = await gone.OrderBy(t => t.DeletedAt).ThenBy(t => t.ResourceId).Take(take + 1).ToListAsync(ct);

        var items = (await ToItemsAsync(resources, ct, withMetadata)).Concat(tombstones.Select(ToItem));
        return items.OrderBy(i => i.Datestamp).ThenBy(i => i.Id).Take(take + 1).ToList();
    }

    private IQueryable<Resource> Live(OaiListState state)
    {
        var cutoff = new DateTimeOffset(state.CutoffTicks, TimeSpan.Zero);
        var query = Public.Where(r => r.UpdatedAt <= cutoff);
        if (state.FromTicks is { } fromTicks)
        {
            var from = new DateTimeOffset(fromTicks, TimeSpan.Zero);
            query = query.Where(r => r.UpdatedAt >= from);
        }

        query = ParseSet(state.Set) switch
        {
            { Kind: { } kind } => query.Where(r => r.Kind == kind),
            { Organisation: { } organisation } => query.Where(r => r.OwnerOrganisationId == organisation || r.Organisations.Any(o => o.OrganisationId == organisation)),
            { AnyOrganisation: true } => query.Where(r => r.OwnerOrganisationId != null || r.Organisations.Any()),
            _ => query, // no set, or "kind": every record has a kind
        };

        return query;
    }

    private IQueryable<OaiTombstone> Gone(OaiListState state)
    {
        var cutoff = new DateTimeOffset(state.CutoffTicks, TimeSpan.Zero);
        var query = db.Set<OaiTombstone>().AsNoTracking().Where(t => t.DeletedAt <= cutoff);
        if (state.FromTicks is { } fromTicks)
        {
            var from = new DateTimeOffset(fromTicks, TimeSpan.Zero);
            query = query.Where(t => t.DeletedAt >= from);
        }

        query = ParseSet(state.Set) switch
        {
            { Kind: { } kind } => query.Where(t => t.Kind == (int)kind),
            { Organisation: { } organisation } => query.Where(t => t.OwnerOrganisationId == organisation),
            { AnyOrganisation: true } => query.Where(t => t.OwnerOrganisationId != null),
            _ => query,
        };

        return query;
    }

    /// <summary>What a set spec selects: one kind, one organisation, any organisation ("org"), or everything (none, or "kind").</summary>
    private sealed record SetFilter(ResourceKind? Kind, long? Organisation, bool AnyOrganisation);

    /// <summary>An unknown kind or a spec that names no set matches nothing rather than everything.</summary>
    private static readonly SetFilter Nothing = new((ResourceKind)(-1), null, false);

    private static SetFilter? ParseSet(string? set)
    {
        if (set is null || set == KindSet)
        {
            return null;
        }

        if (set == OrganisationSet)
        {
            return new SetFilter(null, null, true);
        }

        if (set.StartsWith(KindSetPrefix, StringComparison.Ordinal))
        {
            var kind = ResourceKinds.All.FirstOrDefault(k => k.Slug == set[KindSetPrefix.Length..]);
            return kind is null ? Nothing : new SetFilter(kind.Kind, null, false);
        }

        if (set.StartsWith(OrganisationSetPrefix, StringComparison.Ordinal)
            && long.TryParse(set[OrganisationSetPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new SetFilter(null, id, false);
        }

        return Nothing;
    }

    private static OaiItem ToItem(OaiTombstone t) =>
        new(t.ResourceId, t.DeletedAt, KindSets((ResourceKind)t.Kind, t.OwnerOrganisationId, []), null);

    private static List<string> KindSets(ResourceKind kind, long? owner, IEnumerable<long> organisations)
    {
        var sets = new List<string>();
        if (ResourceKinds.All.FirstOrDefault(k => k.Kind == kind) is { } info)
        {
            sets.Add(KindSetPrefix + info.Slug);
        }

        sets.AddRange((owner is { } o ? organisations.Prepend(o) : organisations).Distinct()
            .Select(id => OrganisationSetPrefix + id.ToString(CultureInfo.InvariantCulture)));
        return sets;
    }

    private async Task<IReadOnlyList<OaiItem>> ToItemsAsync(IReadOnlyList<Resource> resources, CancellationToken ct, bool withMetadata = true)
    {
        var organisationIds = resources.SelectMany(r => r.Organisations.Select(o => o.OrganisationId).Append(r.OwnerOrganisationId ?? 0)).Distinct().ToList();
        var names = withMetadata
            ? await directory.OrganisationNamesAsync(organisationIds, ct)
            : new Dictionary<long, string>();
        var successors = resources.Where(r => r.SupersededById is not null).Select(r => r.SupersededById!.Value).ToList();
        var successorSlugs = withMetadata && successors.Count > 0
            ? await Public.Where(r => successors.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Slug, ct)
            : [];
        return resources.Select(r => new OaiItem(
            r.Id,
            r.UpdatedAt,
            KindSets(r.Kind, r.OwnerOrganisationId, r.Organisations.Select(o => o.OrganisationId)),
            withMetadata ? Describe(r, names, successorSlugs) : new DublinCore([]))).ToList();
    }

    /// <summary>Relative URLs here; the provider makes them absolute.</summary>
    private static DublinCore Describe(Resource r, IReadOnlyDictionary<long, string> organisations, Dictionary<long, string> successorSlugs)
    {
        var kind = ResourceKinds.Get(r.Kind);
        var terms = r.Terms.Where(t => t.Term is not null).Select(t => t.Term!).OrderBy(t => t.Vocabulary, StringComparer.Ordinal).ThenBy(t => t.Order).ToList();
        var dc = new List<(string, string)> { ("title", r.Title) };
        dc.AddRange(r.Authors.OrderBy(a => a.Position).Select(a => ("creator", a.Name)));
        dc.AddRange(terms.Where(t => t.Vocabulary != Vocabularies.Sites).Select(t => ("subject", t.Label)));
        if (!string.IsNullOrWhiteSpace(r.Summary))
        {
            dc.Add(("description", r.Summary));
        }

        if (!string.IsNullOrWhiteSpace(r.KeyFindings))
        {
            dc.Add(("description", r.KeyFindings));
        }

        var publisher = r.Publisher ?? (r.OwnerOrganisationId is { } owner ? organisations.GetValueOrDefault(owner) : null);
        if (publisher is not null)
        {
            dc.Add(("publisher", publisher));
        }

        dc.AddRange(r.Organisations.Select(o => organisations.GetValueOrDefault(o.OrganisationId)).OfType<string>().Order(StringComparer.Ordinal).Select(n => ("contributor", n)));
        if ((r.PublicationDate ?? r.PeriodEnd) is { } date)
        {
            dc.Add(("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        dc.Add(("type", kind.Name));
        // DCMI Type Vocabulary: what a harvester's filters understand.
        dc.Add(("type", r.Kind == ResourceKind.DataSource ? "Dataset" : "Text"));
        var formats = r.Files.Select(f => f.ContentType).Distinct(StringComparer.Ordinal).ToList();
        dc.AddRange((formats.Count > 0 ? formats : ["text/html"]).Select(f => ("format", f)));
        dc.Add(("identifier", LibraryUrls.Show(r)));
        if (r.Doi is not null)
        {
            dc.Add(("identifier", "https://doi.org/" + r.Doi));
        }

        dc.Add(("language", r.Language));
        if (r.ExternalUrl is not null)
        {
            dc.Add(("relation", r.ExternalUrl));
        }

        if (r.SupersededById is { } next && successorSlugs.TryGetValue(next, out var slug))
        {
            dc.Add(("relation", LibraryUrls.Show(next, slug)));
        }

        dc.AddRange(terms.Where(t => t.Vocabulary == Vocabularies.Sites).Select(t => ("coverage", t.Label)));
        if (Library.Services.ResourceService.FormatPeriod(r.PeriodStart, r.PeriodEnd) is { } period)
        {
            dc.Add(("coverage", period));
        }

        if (r.Licence is not null)
        {
            dc.Add(("rights", r.Licence));
        }

        return new DublinCore(dc);
    }
}
