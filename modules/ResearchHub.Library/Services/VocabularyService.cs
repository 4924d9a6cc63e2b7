using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>Reads the vocabularies and evaluation questions, and resolves their natural keys (API, recipes).</summary>
public sealed class VocabularyService(HubDbContext db, ContentCache cache)
{
    /// <summary>
    /// Every vocabulary's terms, ordered; retired terms only when asked (forms keep a resource's own).
    /// Read once until content changes (<see cref="ContentCache"/>); the lists are the caller's own.
    /// </summary>
    public async Task<Dictionary<string, List<VocabularyTerm>>> TermsAsync(bool includeRetired, CancellationToken ct)
    {
        var all = await cache.GetOrReadAsync("library:terms", async c => (IReadOnlyList<VocabularyTerm>)await db.Set<VocabularyTerm>().AsNoTracking()
            .OrderBy(t => t.Order).ThenBy(t => t.Label)
            .ToListAsync(c), ct);
        var terms = all.Where(t => includeRetired || !t.Retired).ToList();
        return Vocabularies.All.ToDictionary(v => v.Key, v => terms.Where(t => t.Vocabulary == v.Key).ToList());
    }

    /// <summary>The evaluation questions, ordered (read once until content changes; the list is the caller's own).</summary>
    public async Task<List<EvaluationQuestion>> QuestionsAsync(CancellationToken ct) =>
        [.. await cache.GetOrReadAsync("library:questions", async c =>
            (IReadOnlyList<EvaluationQuestion>)await db.Set<EvaluationQuestion>().AsNoTracking().OrderBy(q => q.Order).ThenBy(q => q.Id).ToListAsync(c), ct)];

    /// <summary>Term ids for { vocabulary: [keys] }; unknown vocabularies or keys are returned as "vocabulary/key".</summary>
    public async Task<(List<long> Ids, List<string> Unknown)> ResolveTermsAsync(IReadOnlyDictionary<string, IReadOnlyList<string>>? keys, CancellationToken ct)
    {
        var ids = new List<long>();
        var unknown = new List<string>();
        foreach (var (vocabulary, list) in keys ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            var wanted = list.Select(k => k.Trim()).Distinct().ToList();
            var found = await db.Set<VocabularyTerm>().AsNoTracking()
                .Where(t => t.Vocabulary == vocabulary && wanted.Contains(t.Key))
                .Select(t => new { t.Id, t.Key })
                .ToListAsync(ct);
            ids.AddRange(found.Select(f => f.Id));
            unknown.AddRange(wanted.Except(found.Select(f => f.Key)).Select(k => $"{vocabulary}/{k}"));
        }

        return (ids, unknown);
    }

    public async Task<(List<long> Ids, List<string> Unknown)> ResolveQuestionsAsync(IReadOnlyList<string>? keys, CancellationToken ct)
    {
        var wanted = (keys ?? []).Select(k => k.Trim()).Distinct().ToList();
        var found = await db.Set<EvaluationQuestion>().AsNoTracking()
            .Where(q => wanted.Contains(q.Key)).Select(q => new { q.Id, q.Key }).ToListAsync(ct);
        return (found.Select(f => f.Id).ToList(), wanted.Except(found.Select(f => f.Key)).ToList());
    }
}
