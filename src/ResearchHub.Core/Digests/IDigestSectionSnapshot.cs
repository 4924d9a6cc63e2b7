namespace ResearchHub.Core.Digests;

/// <summary>
/// One section's items for a group's digests, read once (<see cref="IDigestSection.SnapshotAsync"/>),
/// cut per member in memory. A snapshot serves one digest run on one thread, so it may keep what
/// it works out per kind of reader (a compiled rule, a filtered list) for the next members alike.
/// </summary>
public interface IDigestSectionSnapshot
{
    /// <summary>
    /// The items <paramref name="reader"/> may see, by the owning module's rules, for a digest whose
    /// window runs from <paramref name="windowStart"/> to <paramref name="windowEnd"/> (inside the
    /// snapshot's scope); in the order the digest lists them.
    /// </summary>
    IReadOnlyList<DigestItem> ItemsFor(DigestReader reader, DateTimeOffset windowStart, DateTimeOffset windowEnd);
}
