using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using ResearchHub.Search.Services.Lucene;

namespace ResearchHub.Tests.Search;

/// <summary>
/// The index folder's directory: what a merge reads is read through file reads (not mapped into
/// the process), what a search reads is mapped; a merge of many segments with a deletion gives the
/// same answers as before it.
/// </summary>
public sealed class MergeReadingDirectoryTests
{
    [Fact]
    public void A_merge_reads_its_segments_unmapped_and_the_merged_index_answers_as_before()
    {
        var folder = Path.Combine(Path.GetTempPath(), "merge-reading-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            using var directory = new MergeReadingDirectory(new DirectoryInfo(folder));
            using (var writer = new IndexWriter(directory, new IndexWriterConfig(HubAnalyzer.Version, new HubAnalyzer())))
            {
                for (var segment = 0; segment < 12; segment++)
                {
                    for (var i = 0; i < 20; i++)
                    {
                        writer.AddDocument(new Document
                        {
                            new StringField("id", $"{segment}-{i}", Field.Store.NO),
                            new TextField("all", $"common word{segment} item{i}", Field.Store.NO),
                        });
                    }

                    writer.Commit(); // a segment each
                }

                writer.DeleteDocuments(new Term("id", "3-4"));
                writer.ForceMerge(1);
                writer.Commit();
            }

            using (var reader = DirectoryReader.Open(directory))
            {
                Assert.Single(reader.Leaves);
                Assert.Equal(239, reader.NumDocs);
                var searcher = new IndexSearcher(reader);
                Assert.Equal(239, searcher.Search(new TermQuery(new Term("all", "common")), 1).TotalHits);
                Assert.Equal(19, searcher.Search(new TermQuery(new Term("all", "word3")), 1).TotalHits);
                Assert.Equal(12, searcher.Search(new TermQuery(new Term("all", "item7")), 1).TotalHits);
            }

            var file = directory.ListAll().First(f => f.EndsWith(".si", StringComparison.Ordinal));
            using (var merged = directory.OpenInput(file, new IOContext(new MergeInfo(240, 1 << 20, false, 1))))
            {
                Assert.Equal(typeof(NIOFSDirectory), merged.GetType().DeclaringType);
            }

            using (var searched = directory.OpenInput(file, IOContext.READ))
            {
                Assert.Equal(typeof(MMapDirectory), searched.GetType().DeclaringType);
            }
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
