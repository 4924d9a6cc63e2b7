using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Search;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Library.Jobs;

/// <summary>
/// Extracts the text of files waiting for it. Like the mail outbox, each file row is claimed with a
/// conditional UPDATE that sets a lease, which one worker on one node wins; a worker that dies
/// leaves a lease that expires, and the next pass takes the file over. A file whose extraction kept
/// crashing is marked failed after a few attempts, so one bad file never blocks the queue.
/// </summary>
public sealed class TextExtractionService(
    HubDbContext db,
    IFileStore store,
    TextExtractor extractor,
    ResourceSearchSource search,
    IOptions<LibraryOptions> options,
    TimeProvider clock,
    ILogger<TextExtractionService> logger)
{
    public const string FailurePrefix = "text could not be extracted: ";

    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Extracts every file due now; returns how many were processed.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await Due(now).OrderBy(f => f.Id).Select(f => f.Id).Take(20).ToListAsync(ct);
        var done = 0;
        foreach (var id in due)
        {
            if (await TryExtractAsync(id, ct))
            {
                done++;
            }
        }

        return done;
    }

    private IQueryable<ResourceFile> Due(DateTimeOffset now) => db.Set<ResourceFile>()
        .Where(f => f.ExtractionState == ExtractionState.Pending
            || (f.ExtractionState == ExtractionState.Running && f.LeaseUntil < now));

    private async Task<bool> TryExtractAsync(long id, CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var claimed = await Due(now).Where(f => f.Id == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.ExtractionState, ExtractionState.Running)
                .SetProperty(f => f.LeaseOwner, _workerId)
                .SetProperty(f => f.LeaseUntil, now.AddSeconds(settings.ExtractionLeaseSeconds))
                .SetProperty(f => f.ExtractionAttempts, f => f.ExtractionAttempts + 1), ct);
        if (claimed == 0)
        {
            return false; // another worker won it
        }

        var file = await db.Set<ResourceFile>().AsNoTracking()
            .Where(f => f.Id == id)
            .Select(f => new { f.Sha256, f.ContentType, f.ExtractionAttempts })
            .SingleAsync(ct);

        ExtractionResult result;
        if (file.ExtractionAttempts > settings.ExtractionMaxAttempts)
        {
            result = ExtractionResult.Fail($"extraction stopped after {settings.ExtractionMaxAttempts} attempts that did not finish");
        }
        else
        {
            await using var content = store.OpenRead(file.Sha256);
            result = content is null
                ? ExtractionResult.Fail("the stored file is missing")
                : await extractor.ExtractAsync(content, file.ContentType, ct);
        }

        // Search: the text arrives in the index in the same transaction as in the file row.
        await using var transaction = await UnitOfWork.BeginAsync(db, CancellationToken.None);
        var saved = await db.Set<ResourceFile>()
            .Where(f => f.Id == id && f.LeaseOwner == _workerId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.ExtractionState, result.Text is null ? ExtractionState.Failed : ExtractionState.Done)
                .SetProperty(f => f.ExtractedText, result.Text)
                .SetProperty(f => f.ExtractionError, result.Error is null ? null : Truncate(FailurePrefix + result.Error, 1000))
                .SetProperty(f => f.ExtractedAt, clock.GetUtcNow())
                .SetProperty(f => f.LeaseOwner, (string?)null)
                .SetProperty(f => f.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        if (saved > 0 && result.Text is not null)
        {
            var resourceId = await db.Set<ResourceFile>().Where(f => f.Id == id).Select(f => f.ResourceId).SingleAsync(CancellationToken.None);
            await search.IndexAsync(resourceId, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);

        if (result.Error is not null)
        {
            logger.LogWarning("Text of file {FileId} could not be extracted: {Reason}", id, result.Error);
        }
        else
        {
            logger.LogInformation("Extracted {Chars} characters from file {FileId}", result.Text!.Length, id);
        }

        return true;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
