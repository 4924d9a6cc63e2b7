namespace ResearchHub.Core.Digests;

/// <summary>
/// A section a module adds to the mailing groups' digests ("new and updated in the library",
/// "upcoming meetings", ...), registered by the module as <c>services.AddScoped&lt;IDigestSection, X&gt;()</c>,
/// as home sections and sitemap sources are. The digest run reads each section once per group and
/// window (<see cref="SnapshotAsync"/>) and then cuts it per member in memory
/// (<see cref="IDigestSectionSnapshot.ItemsFor"/>) with the owning module's own access rules: reading
/// once per group rather than once per member is what lets 10,000 digests compose in seconds.
/// Digests list the sections after the group's posts, in <see cref="Order"/>.
/// </summary>
public interface IDigestSection
{
    /// <summary>Names the section in the digests' shared renderings (a short, stable word).</summary>
    string Key { get; }

    /// <summary>The section's heading; the digest adds the count of items.</summary>
    string Title { get; }

    /// <summary>Lower comes first.</summary>
    int Order { get; }

    /// <summary>
    /// Whether the section's items are news: a digest with nothing but sections that are not news
    /// (upcoming meetings, polls) is not sent, or every member would get one every period.
    /// </summary>
    bool IsNews { get; }

    /// <summary>Where the rest is when a digest lists only the first items: the link's words ("in the library") and path; null for no link.</summary>
    (string Where, string Path)? More => null;

    /// <summary>What the section can hold for a group's digests in <paramref name="scope"/>, for every member, read once.</summary>
    Task<IDigestSectionSnapshot> SnapshotAsync(DigestScope scope, CancellationToken ct);
}
