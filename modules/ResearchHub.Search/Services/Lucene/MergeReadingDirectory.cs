using Lucene.Net.Store;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// The index folder as memory-mapped files (<see cref="MMapDirectory"/>), except for what a merge
/// reads, which is read through ordinary file reads (<see cref="NIOFSDirectory"/>): a merge reads
/// each of its segments once, start to end, and mapped, every page it read stayed resident in this
/// process until the merged-away files were closed; after a bulk load the background merges of tens
/// of megabytes of segments raised the node's peak resident memory by as much while searches ran.
/// Searches read the merged segment mapped, as before. (The same split as Elasticsearch's "hybridfs".)
/// </summary>
public sealed class MergeReadingDirectory : MMapDirectory
{
    private readonly NIOFSDirectory _merges;

    public MergeReadingDirectory(DirectoryInfo path)
        : base(path)
    {
        // The same folder; the writer's lock is taken through this directory, never through the merges' one.
        _merges = new NIOFSDirectory(path, NoLockFactory.GetNoLockFactory());
    }

    public override IndexInput OpenInput(string name, IOContext context) =>
        context.Context == IOContext.UsageContext.MERGE ? _merges.OpenInput(name, context) : base.OpenInput(name, context);

    public override IndexInputSlicer CreateSlicer(string name, IOContext context) =>
        context.Context == IOContext.UsageContext.MERGE ? _merges.CreateSlicer(name, context) : base.CreateSlicer(name, context);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _merges.Dispose();
        }

        base.Dispose(disposing);
    }
}
