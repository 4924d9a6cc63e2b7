using ResearchHub.Core.Modules;

namespace ResearchHub.Meetings;

/// <summary>"What is next" on the home page: the next meetings the visitor may see.</summary>
public sealed class MeetingsHomeSection : IHomeSection
{
    public int Order => 20;

    public string PartialName => "_MeetingsHomeSection";

    public HomeArea Area => HomeArea.Next;
}
