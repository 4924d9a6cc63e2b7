using Lucene.Net.Store;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// The index folder as memory-mapped files (<see cref="MMapDirectory"/>), except for what a merge
/// opens, which is read through ordinary file reads (<see cref="NIOFSDirectory"/>): a merge reads
/// each of its segments once, start to end, and mapped, every page it read stays resident in this
/// process until the merged-away files are closed (the page cache keeps them either way, but not as
/// the process's memory). Searches read every segment mapped, as before. A segment an open searcher
/// already holds is merged through that searcher's pooled reader, which stays mapped: this trims a
/// merge's share of the resident memory, it does not remove it. (The split Elasticsearch's "hybridfs" makes.)
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
