namespace ResearchHub.Library.Domain;

/// <summary>Who may see a resource. The order matters: each step is seen by more people.</summary>
public enum ResourceVisibility
{
    /// <summary>Its author and its organisation's editors (and administrators).</summary>
    Draft = 0,
    /// <summary>Members of the owning organisation.</summary>
    Organisation = 1,
    /// <summary>Every signed-in member of the network.</summary>
    Network = 2,
    /// <summary>Everyone, signed in or not; the only visibility in feeds and anonymous API answers.</summary>
    Public = 3,
}
