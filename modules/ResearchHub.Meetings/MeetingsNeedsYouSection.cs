using ResearchHub.Core.Modules;

namespace ResearchHub.Meetings;

/// <summary>"What needs you" on the home page: polls, questionnaires, reports to review and registrations.</summary>
public sealed class MeetingsNeedsYouSection : IHomeSection
{
    public int Order => 20;

    public string PartialName => "_MeetingsNeedsYou";

    public HomeArea Area => HomeArea.NeedsYou;
}
