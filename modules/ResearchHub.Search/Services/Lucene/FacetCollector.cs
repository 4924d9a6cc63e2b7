using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Counts every match and its facet values in the same pass as the scoring: per segment, one array
/// of counts by slot (every facet's values of the segment, see <see cref="FacetOrdinals"/>), turned
/// into the values as shown (merged by their lower-case key) when the segment is done. Only the
/// given facets are reported (the slots of the others are counted too: one loop per match is
/// cheaper than choosing).
/// </summary>
public sealed class FacetCollector : ICollector
{
    private readonly IReadOnlyList<string> _facets;

    /// <summary>Whether each of <see cref="IndexFields.Facets"/> is reported.</summary>
    private readonly bool[] _wanted;

    private FacetOrdinals? _ordinals;
    private int[]? _counts;

    /// <summary>While a segment's slots are still being read: the doc values of each wanted facet, decoded per match.</summary>
    private readonly SortedSetDocValues?[] _values;
    private readonly int[]?[] _valueCounts;

    private readonly Dictionary<(string Facet, string Key), (string Value, int Count)> _totals = [];

    public FacetCollector(IReadOnlyList<string> facets)
    {
        _facets = facets;
        _wanted = IndexFields.Facets.Select(facets.Contains).ToArray();
        _values = new SortedSetDocValues?[IndexFields.Facets.Count];
        _valueCounts = new int[]?[IndexFields.Facets.Count];
    }

    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        if (_facets.Count == 0)
        {
            return;
        }

        _ordinals = FacetOrdinals.Of(context.AtomicReader);
        if (_ordinals is { } ordinals)
        {
            _counts = new int[ordinals.Values.Length];
            return;
        }

        // The segment's slots are still being read: decode the doc values.
        for (var f = 0; f < _wanted.Length; f++)
        {
            if (_wanted[f] && context.AtomicReader.GetSortedSetDocValues(IndexFields.FacetValues(IndexFields.Facets[f])) is { } values)
            {
                _values[f] = values;
                _valueCounts[f] = new int[values.ValueCount];
            }
        }
    }

    public void Collect(int doc)
    {
        Total++;
        if (_counts is { } counts)
        {
            var ordinals = _ordinals!;
            var slots = ordinals.Slots;
            for (int i = ordinals.Starts[doc], end = ordinals.Starts[doc + 1]; i < end; i++)
            {
                counts[slots[i]]++;
            }

            return;
        }

        for (var f = 0; f < _values.Length; f++)
        {
            if (_values[f] is not { } values)
            {
                continue;
            }

            var valueCounts = _valueCounts[f]!;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                valueCounts[ord]++;
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
        if (_counts is { } counts)
        {
            var ordinals = _ordinals!;
            for (var slot = 0; slot < counts.Length; slot++)
            {
                if (counts[slot] > 0 && _wanted[ordinals.FacetOfSlot[slot]])
                {
                    Add(IndexFields.Facets[ordinals.FacetOfSlot[slot]], ordinals.Values[slot], ordinals.Keys[slot], counts[slot]);
                }
            }
        }

        _counts = null;
        _ordinals = null;
        var bytes = new BytesRef();
        for (var f = 0; f < _values.Length; f++)
        {
            if (_values[f] is not { } values)
            {
                continue;
            }

            var valueCounts = _valueCounts[f]!;
            for (var ord = 0; ord < valueCounts.Length; ord++)
            {
                if (valueCounts[ord] > 0)
                {
                    values.LookupOrd(ord, bytes);
                    var value = bytes.Utf8ToString();
                    Add(IndexFields.Facets[f], value, value.ToLowerInvariant(), valueCounts[ord]);
                }
            }

            _values[f] = null;
            _valueCounts[f] = null;
        }
    }

    private void Add(string facet, string value, string key, int count)
    {
        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(_totals, (facet, key), out var exists);
        total = exists ? (total.Value, total.Count + count) : (value, count);
    }
}
