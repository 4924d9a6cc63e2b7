using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// Every facet's values per document of one index segment as plain arrays, read once from the doc
/// values and kept while the segment lives: each (facet, value) of the segment is a slot, and
/// document d's slots are <see cref="Slots"/>[<see cref="Starts"/>[d] .. <see cref="Starts"/>[d + 1]),
/// all facets together. Counting a match is then one short loop of array reads (not a decoding of
/// seven doc values per match per search), and each slot's value is decoded once, not per search.
/// </summary>
public sealed class FacetOrdinals
{
    private static readonly ConditionalWeakTable<object, Lazy<Task<FacetOrdinals?>>> Segments = new();

    private FacetOrdinals(int[] starts, int[] slots, int[] facetOfSlot, string[] values, string[] keys)
    {
        Starts = starts;
        Slots = slots;
        FacetOfSlot = facetOfSlot;
        Values = values;
        Keys = keys;
    }

    public int[] Starts { get; }

    public int[] Slots { get; }

    /// <summary>Each slot's facet, as its index in <see cref="IndexFields.Facets"/>.</summary>
    public int[] FacetOfSlot { get; }

    /// <summary>Each slot's value as shown.</summary>
    public string[] Values { get; }

    /// <summary>Each slot's value in lower case, the key values are merged by across segments.</summary>
    public string[] Keys { get; }

    /// <summary>
    /// The segment's slots, or null while they are being read (in the background: a search meanwhile
    /// decodes the doc values itself, so a first search after a start or a merge does not wait for a
    /// whole segment to be read).
    /// </summary>
    public static FacetOrdinals? Of(AtomicReader reader)
    {
        var reading = Segments.GetValue(reader.CoreCacheKey, _ => new Lazy<Task<FacetOrdinals?>>(() => Task.Run(() => ReadOrNone(reader)))).Value;
        return reading.IsCompletedSuccessfully ? reading.Result : null;
    }

    /// <summary>A segment closed meanwhile (merged away, a new generation swapped in) has no slots: it is no longer searched.</summary>
    private static FacetOrdinals? ReadOrNone(AtomicReader reader)
    {
        try
        {
            return Read(reader);
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            return null;
        }
    }

    private static FacetOrdinals Read(AtomicReader reader)
    {
        var facets = IndexFields.Facets;
        var values = new SortedSetDocValues?[facets.Count];
        var offsets = new int[facets.Count];
        var slotCount = 0;
        for (var f = 0; f < facets.Count; f++)
        {
            values[f] = reader.GetSortedSetDocValues(IndexFields.FacetValues(facets[f]));
            offsets[f] = slotCount;
            slotCount += (int)(values[f]?.ValueCount ?? 0);
        }

        var starts = new int[reader.MaxDoc + 1];
        var slots = new List<int>(reader.MaxDoc * 8);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            starts[doc] = slots.Count;
            for (var f = 0; f < facets.Count; f++)
            {
                if (values[f] is not { } facet)
                {
                    continue;
                }

                facet.SetDocument(doc);
                long ord;
                while ((ord = facet.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    slots.Add(offsets[f] + (int)ord);
                }
            }
        }

        starts[reader.MaxDoc] = slots.Count;
        var facetOfSlot = new int[slotCount];
        var shown = new string[slotCount];
        var keys = new string[slotCount];
        var bytes = new BytesRef();
        for (var f = 0; f < facets.Count; f++)
        {
            for (var ord = 0; ord < (values[f]?.ValueCount ?? 0); ord++)
            {
                values[f]!.LookupOrd(ord, bytes);
                var slot = offsets[f] + ord;
                facetOfSlot[slot] = f;
                shown[slot] = bytes.Utf8ToString();
                keys[slot] = shown[slot].ToLowerInvariant();
            }
        }

        return new FacetOrdinals(starts, [.. slots], facetOfSlot, shown, keys);
    }
}
