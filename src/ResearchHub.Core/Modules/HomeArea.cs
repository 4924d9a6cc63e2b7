namespace ResearchHub.Core.Modules;

/// <summary>The home page's areas: three columns above the fold, then the rest.</summary>
public enum HomeArea
{
    /// <summary>What asks the signed-in member to act: answers, reviews, registrations (not shown to anonymous visitors).</summary>
    NeedsYou,
    /// <summary>What is coming: meetings and their dates.</summary>
    Next,
    /// <summary>What is new since the visitor's last visit (see <see cref="HomeVisit"/>), with counts and links.</summary>
    New,
    /// <summary>Below the dashboard, full width.</summary>
    More,
}
