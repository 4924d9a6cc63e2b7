using ResearchHub.Core.Modules;

namespace ResearchHub.Meetings;

/// <summary>"Meeting notifications" on the member's profile page: which notices they receive.</summary>
public sealed class MeetingNotificationsProfileSection : IProfileSection
{
    public int Order => 30;

    public string PartialName => "_MeetingNotificationsProfileSection";
}
