using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Counts every match and its facet values in the same pass as the scoring: per segment, an array of
/// counts by ordinal of each facet's SortedSet doc values (read through <see cref="FacetOrdinals"/>), turned into the values as shown (merged by
/// their lower-case key) when the segment is done.
/// </summary>
public sealed class FacetCollector(IReadOnlyList<string> facets) : ICollector
{
    private readonly SortedSetDocValues?[] _values = new SortedSetDocValues?[facets.Count];
    private readonly FacetOrdinals?[] _ordinals = new FacetOrdinals?[facets.Count];
    private readonly int[]?[] _counts = new int[]?[facets.Count];
    private readonly Dictionary<(string Facet, string Key), (string Value, int Count)> _totals = [];

    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        for (var f = 0; f < facets.Count; f++)
        {
            var values = context.AtomicReader.GetSortedSetDocValues(IndexFields.FacetValues(facets[f]));
            _values[f] = values;
            _ordinals[f] = values is null ? null : FacetOrdinals.Of(context.AtomicReader, IndexFields.FacetValues(facets[f]));
            _counts[f] = values is null ? null : new int[values.ValueCount];
        }
    }

    public void Collect(int doc)
    {
        Total++;
        for (var f = 0; f < _values.Length; f++)
        {
            if (_counts[f] is not { } counts)
            {
                continue;
            }

            if (_ordinals[f] is { } ordinals)
            {
                var all = ordinals.Ordinals;
                for (int i = ordinals.Starts[doc], end = ordinals.Starts[doc + 1]; i < end; i++)
                {
                    counts[all[i]]++;
                }

                continue;
            }

            // The segment's ordinals are still being read: decode the doc values.
            var values = _values[f]!;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                counts[ord]++;
            }
        }
    }

    /// <summary>(facet, value as shown, count), every value with at least one match.</summary>
    public IReadOnlyList<FacetCount> Counts()
    {
        Flush();
        return _totals.Select(t => new FacetCount(t.Key.Facet, t.Value.Value, t.Value.Count)).ToList();
    }

    private void Flush()
    {
        var bytes = new BytesRef();
        for (var f = 0; f < facets.Count; f++)
        {
            if (_values[f] is not { } values || _counts[f] is not { } counts)
            {
                continue;
            }

            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0)
                {
                    continue;
                }

                values.LookupOrd(ord, bytes);
                var value = bytes.Utf8ToString();
                var key = (facets[f], value.ToLowerInvariant());
                _totals[key] = _totals.TryGetValue(key, out var known) ? (known.Value, known.Count + counts[ord]) : (value, counts[ord]);
            }

            _values[f] = null;
            _ordinals[f] = null;
            _counts[f] = null;
        }
    }
}
