using System.Collections.Concurrent;
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
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Lazy<Task<FacetOrdinals?>>>> Segments = new();

    private FacetOrdinals(int[] starts, int[] ordinals)
    {
        Starts = starts;
        Ordinals = ordinals;
    }

    public int[] Starts { get; }

    public int[] Ordinals { get; }

    /// <summary>
    /// The facet's ordinals in this segment, or null while they are being read (in the background:
    /// a search meanwhile decodes the doc values itself, so a first search after a start or a merge
    /// does not wait for a whole segment to be read) or when no document of it has the facet.
    /// </summary>
    public static FacetOrdinals? Of(AtomicReader reader, string field)
    {
        var facets = Segments.GetValue(reader.CoreCacheKey, _ => new ConcurrentDictionary<string, Lazy<Task<FacetOrdinals?>>>(StringComparer.Ordinal));
        var reading = facets.GetOrAdd(field, f => new Lazy<Task<FacetOrdinals?>>(() => Task.Run(() => ReadOrNone(reader, f)))).Value;
        return reading.IsCompletedSuccessfully ? reading.Result : null;
    }

    /// <summary>A segment closed meanwhile (merged away, a new generation swapped in) has no ordinals: it is no longer searched.</summary>
    private static FacetOrdinals? ReadOrNone(AtomicReader reader, string field)
    {
        try
        {
            return Read(reader, field);
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            return null;
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
