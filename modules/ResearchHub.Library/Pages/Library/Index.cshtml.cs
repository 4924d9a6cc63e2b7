using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Library.Pages.Library;

/// <summary>The library list: filters (GET, so every result page has a shareable address), facet counts, sorting, paging.</summary>
public sealed class IndexModel(ResourceQueries queries, LibraryViewerFactory viewers, VocabularyService vocabularies, ResearchHub.Core.Web.PageHead head) : PageModel
{
    public ResourceFilter Filter { get; private set; } = new();
    public ResourcePage Results { get; private set; } = null!;
    public Dictionary<string, List<VocabularyTerm>> Terms { get; private set; } = [];
    public List<EvaluationQuestion> Questions { get; private set; } = [];
    public LibraryViewer Viewer { get; private set; } = LibraryViewer.Anonymous;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Viewer = await viewers.ForAsync(User, ct);
        Filter = ResourceFilterQuery.Parse(Request.Query);
        Results = await queries.PageAsync(Viewer, Filter, withFacets: true, ct);
        Terms = await vocabularies.TermsAsync(includeRetired: false, ct);
        Questions = await vocabularies.QuestionsAsync(ct);
        FeedLink.Advertise(Response, head, Filter);
        return Page();
    }

    public int FacetCount(string facet, string key) =>
        Results.Facets.TryGetValue(facet, out var values) ? values.FirstOrDefault(v => v.Key == key)?.Count ?? 0 : 0;

    public string PageUrl(int page) => LibraryUrls.List + ResourceFilterQuery.ToQueryString(Filter, page);

    public string ExportUrl(CitationFormat format) => LibraryUrls.CiteList(format.Key, ResourceFilterQuery.ToQueryString(Filter, includeSort: true));
}
