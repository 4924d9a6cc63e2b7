using Microsoft.Data.Sqlite;
using ResearchHub.Search.Services.Analysis;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Search;

/// <summary>
/// The hub analyses text itself (the in-memory postings, re-ranking, snippets) and must find the same
/// terms FTS5 does: each document's words, in order, as FTS5's <c>porter unicode61 remove_diacritics 2</c>
/// tokenizer gives them.
/// </summary>
public sealed class TextAnalyzerTests
{
    [Theory]
    [InlineData("med")]
    [InlineData("cran")]
    public void Every_word_of_a_test_collection_gets_the_term_FTS5_gives_it(string collection)
    {
        var path = Path.Combine(TestEnvironment.RepoRoot, "..", "shared", "eval", "relevance", collection, "docs.smart");
        var documents = File.ReadAllText(path).Split("\n.I ", StringSplitOptions.RemoveEmptyEntries).ToList();
        documents.Add("Café naïve façade, Zoë Ångström and Øresund; São Paulo's coöperation: 2016-2019 (N=1,203) e-mail C++ x86_64.");
        Assert.True(documents.Count > 1000);

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance');");
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO probe (rowid, x) VALUES ($id, $text)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            for (var i = 0; i < documents.Count; i++)
            {
                id.Value = i;
                text.Value = documents[i];
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var fts5 = documents.Select(_ => new SortedDictionary<long, string>()).ToList();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT doc, offset, term FROM probe_terms";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                fts5[(int)reader.GetInt64(0)][reader.GetInt64(1)] = reader.GetString(2);
            }
        }

        var words = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            var ours = TextAnalyzer.Tokens(documents[i]).Select(t => t.Term).ToList();
            var theirs = fts5[i].Values.ToList();
            var at = Enumerable.Range(0, Math.Min(ours.Count, theirs.Count)).FirstOrDefault(k => ours[k] != theirs[k], Math.Min(ours.Count, theirs.Count));
            Assert.True(ours.Count == theirs.Count && at == ours.Count,
                $"document {i}, word {at}: FTS5 [{string.Join(' ', theirs.Skip(Math.Max(0, at - 3)).Take(8))}] but ours [{string.Join(' ', ours.Skip(Math.Max(0, at - 3)).Take(8))}]");
            words += ours.Count;
        }

        Assert.True(words > 100_000, $"only {words} words compared");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
