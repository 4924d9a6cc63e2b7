namespace ResearchHub.Core.Search;

/// <summary>
/// The audiences a member belongs to (for example "mailing-group:7" for each group they are an
/// active member of): documents indexed with one of them are shown to that member, and to
/// administrators, and to nobody else. Each module that indexes documents with an audience registers one.
/// </summary>
public interface ISearchAudienceSource
{
    Task<IReadOnlyCollection<string>> AudiencesAsync(string userId, CancellationToken ct);
}
