using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Library.Services;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// Everything a group's digests for one window can contain, read once (posts, matching resources,
/// upcoming meetings, open polls), then cut per member in memory with the owning modules' own
/// rules: the Library's <see cref="ResourceAccess.VisibleTo(LibraryViewer)"/> expression and
/// Meetings' <see cref="MeetingAccess.VisibleToMember"/>. Reading once per group rather than
/// once per member is what lets 10,000 digests compose in seconds.
/// </summary>
public sealed class DigestSnapshot
{
    internal List<(GroupPost Post, string ThreadSubject, string Author, string Excerpt)> Posts { get; init; } = [];
    internal List<(Resource Resource, string Excerpt)> Resources { get; init; } = [];
    internal List<Meeting> Meetings { get; init; } = [];
    internal Dictionary<string, List<DatePoll>> PollsAwaiting { get; init; } = [];

    /// <summary>Meetings per answer of Meetings' rule (it depends only on whether the member takes part), computed once each.</summary>
    internal Dictionary<bool, List<DigestLinkItem>> MeetingsByParticipation { get; } = [];

    /// <summary>
    /// The Library's rule compiled once per kind of viewer. The snapshot holds no drafts, and for
    /// any other resource the rule reads only the viewer's role flags and organisation, never their
    /// id, so viewers alike in those share one compiled predicate.
    /// </summary>
    internal Dictionary<(bool IsAdmin, bool CanContribute, long? OrganisationId), Func<Resource, bool>> Visibility { get; } = [];
}
