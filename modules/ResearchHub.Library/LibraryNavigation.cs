using ResearchHub.Core.Modules;

namespace ResearchHub.Library;

public sealed class LibraryNavigation : INavigationProvider
{
    public ValueTask<IEnumerable<NavItem>> GetItemsAsync(CancellationToken ct) => ValueTask.FromResult<IEnumerable<NavItem>>(
    [
        new(NavMenu.Main, "Library", LibraryUrls.List, 10),
        new(NavMenu.Main, "Evidence map", LibraryUrls.EvidenceMap, 60),
        new(NavMenu.Admin, "Library vocabularies", "/admin/library/vocabularies", 50, Permissions.ManageVocabularies),
        new(NavMenu.Admin, "Evaluation questions", "/admin/library/questions", 55, Permissions.ManageEvaluationQuestions),
    ]);
}
