using ResearchHub.Core.Search;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>A document as the database records it (SearchDocuments and its SearchFacets rows): what the index is built from.</summary>
public sealed record DocumentRow(
    long Id,
    string Title,
    string Summary,
    string Body,
    string FileText,
    string Extra,
    int? Year,
    long? Date,
    SearchVisibility Visibility,
    long? OwnerOrganisationId,
    string? CreatorUserId,
    string? Audience)
{
    /// <summary>(facet, value as shown, lower-case key).</summary>
    public List<(string Facet, string Value, string Key)> Facets { get; } = [];
}
