using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// One facet's values per document of one index segment as plain arrays (document d's ordinals are
/// <see cref="Ordinals"/>[<see cref="Starts"/>[d] .. <see cref="Starts"/>[d + 1])), read once from the
/// doc values and kept while the segment lives: counting a match is then a few array reads instead
/// of decoding the doc values for every match of every search.
/// </summary>
public sealed class FacetOrdinals
{
    private static readonly ConditionalWeakTable<object, Dictionary<string, FacetOrdinals?>> Segments = new();

    private FacetOrdinals(int[] starts, int[] ordinals)
    {
        Starts = starts;
        Ordinals = ordinals;
    }

    public int[] Starts { get; }

    public int[] Ordinals { get; }

    /// <summary>The facet's ordinals in this segment (null: no document of it has the facet).</summary>
    public static FacetOrdinals? Of(AtomicReader reader, string field)
    {
        var facets = Segments.GetValue(reader.CoreCacheKey, _ => []);
        lock (facets)
        {
            if (!facets.TryGetValue(field, out var known))
            {
                known = Read(reader, field);
                facets[field] = known;
            }

            return known;
        }
    }

    private static FacetOrdinals? Read(AtomicReader reader, string field)
    {
        if (reader.GetSortedSetDocValues(field) is not { } values)
        {
            return null;
        }

        var starts = new int[reader.MaxDoc + 1];
        var ordinals = new List<int>(reader.MaxDoc * 2);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            starts[doc] = ordinals.Count;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                ordinals.Add((int)ord);
            }
        }

        starts[reader.MaxDoc] = ordinals.Count;
        return new FacetOrdinals(starts, [.. ordinals]);
    }
}
