using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneQuery = Lucene.Net.Search.Query;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Restrictions (who may see what, facet selections) as a bit set per index segment, computed once
/// and kept while the segment lives (a refresh computes only the new segments). A search then runs
/// its text query alone, accepting only the documents whose bit is set: the engine's fastest path
/// for a disjunction of words, instead of intersecting the restriction's long posting lists (every
/// public document) with the words' on every search. Scores are unchanged: restrictions never scored.
/// </summary>
public sealed class RestrictionCache
{
    /// <summary>Distinct restrictions kept (viewers times selections); beyond this the cache starts again.</summary>
    private const int MaxEntries = 512;

    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    /// <summary>The filter accepting what every given restriction accepts, or null when there is none (everything is accepted).</summary>
    public Filter? For(params LuceneQuery?[] restrictions)
    {
        var parts = restrictions.OfType<LuceneQuery>().ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        var query = parts.Count == 1 ? parts[0] : new BooleanQuery();
        if (parts.Count > 1)
        {
            foreach (var part in parts)
            {
                ((BooleanQuery)query).Add(part, Occur.MUST);
            }
        }

        var key = query.ToString();
        if (_filters.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_filters.Count >= MaxEntries)
        {
            _filters.Clear();
        }

        return _filters.GetOrAdd(key, _ => new BitSetFilter(new QueryWrapperFilter(query)));
    }

    /// <summary>
    /// Runs <paramref name="query"/> over every segment, collecting only documents <paramref name="filter"/>
    /// accepts (and not deleted), as <see cref="IndexSearcher"/> does with the live documents.
    /// </summary>
    public static void Search(IndexSearcher searcher, LuceneQuery query, Filter? filter, ICollector collector)
    {
        if (filter is null)
        {
            searcher.Search(query, collector);
            return;
        }

        var weight = searcher.CreateNormalizedWeight(query);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            if (filter.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.Bits is not { } accepted)
            {
                continue;
            }

            collector.SetNextReader(leaf);
            weight.GetBulkScorer(leaf, !collector.AcceptsDocsOutOfOrder, accepted)?.Score(collector);
        }
    }

    /// <summary>Keeps each segment's documents as a bit set, which answers "is this one accepted" at once.</summary>
    private sealed class BitSetFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet DocIdSetToCache(DocIdSet docIdSet, AtomicReader reader)
        {
            if (docIdSet is FixedBitSet ready)
            {
                return ready;
            }

            var bits = new FixedBitSet(reader.MaxDoc);
            if (docIdSet?.GetIterator() is { } iterator)
            {
                bits.Or(iterator);
            }

            return bits;
        }
    }
}
