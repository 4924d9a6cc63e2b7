using System.Security.Claims;

namespace ResearchHub.Core.Search;

/// <summary>
/// Documents like a given one, as the search index finds them ("more like this" over their text),
/// among those the user may see. Registered by the Search module; without it there is none.
/// </summary>
public interface IRelatedDocuments
{
    /// <summary>
    /// The keys of up to <paramref name="count"/> documents of <paramref name="type"/> most like the
    /// document (<paramref name="type"/>, <paramref name="key"/>), best first, never itself, only
    /// documents <paramref name="user"/> may see. Empty when the document is not in the index.
    /// </summary>
    Task<IReadOnlyList<string>> KeysLikeAsync(string type, string key, ClaimsPrincipal user, int count, CancellationToken ct);
}
