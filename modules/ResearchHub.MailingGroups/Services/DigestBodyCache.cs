using System.Text;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The parts of digests that are the same for every member whose digest holds the same items:
/// the rendered sections (text and HTML), keyed by what the sections show (group, mode, period and
/// the ids of the posts and the paths of each section's items the member may see), so members alike in
/// what they may see (role, organisation, own posts, polls awaiting them) share one rendering and
/// anyone different gets their own. Only the greeting, the unsubscribe link and the list headers
/// are made per member. One cache serves one snapshot of the group's items (a fresh snapshot
/// starts a fresh cache), so an item's title and excerpt cannot be older than the snapshot's.
/// </summary>
public sealed class DigestBodyCache
{
    /// <summary>More distinct renderings than this in one pass (unusual: a few per visibility class) start the cache afresh, so it stays small.</summary>
    private const int MaxEntries = 256;

    private readonly Dictionary<string, DigestBody> _bodies = new(StringComparer.Ordinal);

    internal string? BaseUrl { get; set; }

    internal Dictionary<long, Dictionary<string, string>> Headers { get; } = [];

    /// <summary>How many members were served a rendering made for someone else (for the benchmark's breakdown).</summary>
    public int Hits { get; private set; }

    /// <summary>How many renderings were made.</summary>
    public int Misses { get; private set; }

    internal DigestBody GetOrAdd(string key, Func<DigestBody> render)
    {
        if (_bodies.TryGetValue(key, out var body))
        {
            Hits++;
            return body;
        }

        if (_bodies.Count >= MaxEntries)
        {
            _bodies.Clear();
        }

        Misses++;
        return _bodies[key] = render();
    }

    /// <summary>What a digest's sections show, as a key: two digests with the same key render the same sections.</summary>
    internal static void AppendKey(StringBuilder key, DigestContent digest)
    {
        key.Append(digest.Group.Id).Append('/').Append((int)digest.Mode).Append('/').Append(digest.Period.Volume).Append('/').Append(digest.Period.Issue)
            .Append(":p");
        foreach (var post in digest.Posts)
        {
            key.Append(post.Id).Append(',');
        }

        foreach (var section in digest.Sections)
        {
            key.Append(':').Append(section.Section.Key).Append('=');
            foreach (var item in section.Items)
            {
                key.Append(item.Path).Append(' ');
            }
        }
    }
}
