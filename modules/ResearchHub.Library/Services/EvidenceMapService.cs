using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

public sealed record EvidenceMap(
    VocabularyInfo Axis,
    IReadOnlyList<EvaluationQuestion> Questions,
    IReadOnlyList<VocabularyTerm> Columns,
    IReadOnlyDictionary<(long Question, long Term), int> Counts,
    IReadOnlyDictionary<long, int> QuestionTotals)
{
    public int Count(long question, long term) => Counts.GetValueOrDefault((question, term));
}

/// <summary>
/// The network's evaluation questions against LAC sites (or practice areas, or outcome measures):
/// how many evaluations the viewer may see address each question in each place. Counted in SQL,
/// with the visibility rule in the query like every other read.
/// </summary>
public sealed class EvidenceMapService(HubDbContext db, VocabularyService vocabularies)
{
    public static readonly IReadOnlyList<string> Axes = [Vocabularies.Sites, Vocabularies.PracticeAreas, Vocabularies.Measures];

    public async Task<EvidenceMap> BuildAsync(LibraryViewer viewer, string? axis, CancellationToken ct)
    {
        var info = Vocabularies.Find(Axes.Contains(axis) ? axis! : Vocabularies.Sites)!;
        var questions = await vocabularies.QuestionsAsync(ct);
        var columns = (await vocabularies.TermsAsync(includeRetired: false, ct))[info.Key];

        var evaluations = db.Set<Resource>().AsNoTracking().VisibleTo(viewer).Where(r => r.Kind == ResourceKind.Evaluation);
        var pairs = await (
                from q in db.Set<ResourceQuestion>()
                join t in db.Set<ResourceTerm>() on q.ResourceId equals t.ResourceId
                where evaluations.Any(r => r.Id == q.ResourceId) && t.Term!.Vocabulary == info.Key
                group q by new { q.QuestionId, t.TermId } into g
                select new { g.Key.QuestionId, g.Key.TermId, Count = g.Count() })
            .ToListAsync(ct);
        var totals = await db.Set<ResourceQuestion>()
            .Where(q => evaluations.Any(r => r.Id == q.ResourceId))
            .GroupBy(q => q.QuestionId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return new EvidenceMap(
            info,
            questions,
            columns,
            pairs.ToDictionary(p => (p.QuestionId, p.TermId), p => p.Count),
            totals.ToDictionary(t => t.Key, t => t.Count));
    }
}
