using System.Security.Claims;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using ResearchHub.Core.Search;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Search.Services;

/// <summary>
/// "Related resources": Lucene's MoreLikeThis over the document's text (its term vector: the words
/// that stand out in it, by tf-idf), run as a query with the viewer's visibility restriction, so a
/// document the viewer may not see is never found. Only documents of the same type are returned.
/// </summary>
public sealed class RelatedDocuments(LuceneIndexHost host, SearchRecord record, SearchViewerFactory viewers) : IRelatedDocuments
{
    /// <summary>Candidates read before keeping those of the asked type (the index holds every module's documents).</summary>
    private const int Candidates = 50;

    public async Task<IReadOnlyList<string>> KeysLikeAsync(string type, string key, ClaimsPrincipal user, int count, CancellationToken ct)
    {
        if (count <= 0)
        {
            return [];
        }

        long id;
        await using (var connection = await record.OpenAsync(ct))
        {
            if (await record.IdOfAsync(connection, type, key, ct) is not { } found)
            {
                return [];
            }

            id = found;
        }

        var viewer = await viewers.ForAsync(user, ct);
        var restriction = host.Restrictions.For(QueryCompiler.Access(viewer));
        var ids = await host.SearchAsync(searcher =>
        {
            var self = new Term(IndexFields.Id, IndexFields.IdTerm(id));
            var own = searcher.Search(new TermQuery(self), 1).ScoreDocs;
            if (own.Length == 0)
            {
                return [];
            }

            var like = new MoreLikeThis(searcher.IndexReader)
            {
                FieldNames = [IndexFields.All],
                MinTermFreq = 1,
                MinDocFreq = 2,
                MinWordLen = 3,
                MaxQueryTerms = 25,
                ApplyBoost = true,
            };
            var query = new BooleanQuery { { like.Like(own[0].Doc), Occur.MUST }, { new TermQuery(self), Occur.MUST_NOT } };
            var collector = TopScoreDocCollector.Create(Candidates, false);
            RestrictionCache.Search(searcher, query, restriction, collector);
            var values = MultiDocValues.GetNumericValues(searcher.IndexReader, IndexFields.Id);
            return collector.GetTopDocs().ScoreDocs.Select(d => values.Get(d.Doc)).ToList();
        }, ct);

        if (ids.Count == 0)
        {
            return [];
        }

        await using (var connection = await record.OpenAsync(ct))
        {
            var keys = await record.KeysOfTypeAsync(connection, type, ids, ct);
            return ids.Where(keys.ContainsKey).Select(i => keys[i]).Take(count).ToList();
        }
    }
}
