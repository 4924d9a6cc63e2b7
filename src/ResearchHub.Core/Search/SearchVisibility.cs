namespace ResearchHub.Core.Search;

/// <summary>
/// Who may find a search document. The same ladder as the library's visibility: each step is seen
/// by more people, so the search index can apply one rule to every module's documents.
/// </summary>
public enum SearchVisibility
{
    /// <summary>Its creator, editors of the owning organisation, and administrators.</summary>
    Draft = 0,
    /// <summary>Members of the owning organisation.</summary>
    Organisation = 1,
    /// <summary>Every signed-in member.</summary>
    Network = 2,
    /// <summary>Everyone.</summary>
    Public = 3,
}
