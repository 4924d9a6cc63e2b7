using ResearchHub.Core.Digests;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// Everything a group's digests for one window can contain, read once (the group's posts, and
/// each contributed section's items: the library's new resources, upcoming meetings, open polls),
/// then cut per member in memory, the sections by their owning modules' own rules
/// (<see cref="IDigestSectionSnapshot.ItemsFor"/>: the Library's visibility expression compiled
/// per kind of viewer, Meetings' rule per role). Reading once per group rather than once per member
/// is what lets 10,000 digests compose in seconds.
/// </summary>
public sealed class DigestSnapshot
{
    internal List<(GroupPost Post, string ThreadSubject, string Author, string Excerpt)> Posts { get; init; } = [];

    /// <summary>Each section the modules contribute, in the order digests list them, with its items for this window.</summary>
    internal List<(IDigestSection Section, IDigestSectionSnapshot Items)> Sections { get; init; } = [];
}
