using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>What an organiser enters with a document: its title and, optionally, the agenda item it belongs to.</summary>
public sealed record DocumentFields(string? Title, long? AgendaItemId);

/// <summary>A document as listed beside its meeting, with the agenda item's title when it has one.</summary>
public sealed record DocumentRow(MeetingDocument Document, string? AgendaItemTitle)
{
    public string TypeName => FileTypes.ByContentType(Document.ContentType)?.DisplayName ?? Document.ContentType;

    public string Size => FileSizes.Format(Document.Length);
}

/// <summary>
/// A meeting's slides and papers, under the library's file rules (Core's): the type is judged by the
/// bytes, never the name or the browser's word; the size is limited while the upload streams; the
/// name is sanitised; the bytes go to the content-addressed store and only the metadata to the
/// database. Who may see a document is who may see its meeting.
/// </summary>
public sealed class DocumentService(
    HubDbContext db,
    IFileStore files,
    MeetingAccess access,
    IOptions<MeetingsOptions> options,
    TimeProvider clock,
    ILogger<DocumentService> logger)
{
    public const int MaxTitle = 300;

    public long MaxBytes => options.Value.MaxDocumentBytes;

    public async Task<Outcome<MeetingDocument>> AddAsync(long meetingId, DocumentFields input, Stream? content, string? fileName, CancellationToken ct)
    {
        if (!await db.Set<Meeting>().AnyAsync(m => m.Id == meetingId, ct))
        {
            return Outcome<MeetingDocument>.Fail(new Problem("", "The meeting does not exist."));
        }

        // Everything that can be said without reading the file is said first, so a refused form never stages bytes.
        var problems = new List<Problem>();
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            problems.Add(new("Title", "Enter a title for the document."));
        }
        else if (title.Length > MaxTitle)
        {
            problems.Add(new("Title", $"The title can be up to {MaxTitle} characters."));
        }

        if (input.AgendaItemId is { } itemId && !await db.Set<AgendaItem>().AnyAsync(i => i.Id == itemId && i.MeetingId == meetingId, ct))
        {
            problems.Add(new("AgendaItemId", "Choose an item of this meeting's agenda, or none."));
        }

        if (content is null)
        {
            problems.Add(new("File", "Choose a file to upload."));
        }

        if (problems.Count > 0)
        {
            return Outcome<MeetingDocument>.Fail(problems);
        }

        var shownName = FileNames.Sanitise(fileName);
        StagedFile staged;
        try
        {
            staged = await files.StageAsync(content!, MaxBytes, ct);
        }
        catch (FileTooLargeException ex)
        {
            return Outcome<MeetingDocument>.Fail(new Problem("File", $"{shownName} was not added: {ex.Message}"));
        }

        await using (staged)
        {
            FileCheck check;
            await using (var stream = staged.OpenRead())
            {
                check = FileTypes.Detect(stream, fileName ?? "");
            }

            if (check.Type is null)
            {
                return Outcome<MeetingDocument>.Fail(new Problem("File", $"{shownName} was not added: {check.Problem}"));
            }

            var sha = await files.CommitAsync(staged, ct);
            var document = new MeetingDocument
            {
                MeetingId = meetingId,
                AgendaItemId = input.AgendaItemId,
                Title = title!,
                FileName = FileNames.Sanitise(fileName, check.Type),
                ContentType = check.Type.ContentType,
                Sha256 = sha,
                Length = staged.Length,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Set<MeetingDocument>().Add(document);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Document {DocumentId} ({ContentType}, {Length} bytes) added to meeting {MeetingId}", document.Id, document.ContentType, document.Length, meetingId);
            return Outcome<MeetingDocument>.Ok(document);
        }
    }

    /// <summary>
    /// Removes the document from its meeting. The bytes stay in the store: it is content-addressed,
    /// so the same bytes may be another meeting's document or a library file, and it counts no references.
    /// </summary>
    public async Task<bool> DeleteAsync(long meetingId, long documentId, CancellationToken ct) =>
        await db.Set<MeetingDocument>().Where(d => d.MeetingId == meetingId && d.Id == documentId).ExecuteDeleteAsync(ct) > 0;

    /// <summary>The meeting's documents, those of the agenda in its order first, then the others by title.</summary>
    public async Task<IReadOnlyList<DocumentRow>> ForMeetingAsync(long meetingId, CancellationToken ct)
    {
        var rows = await db.Set<MeetingDocument>().AsNoTracking()
            .Where(d => d.MeetingId == meetingId)
            .GroupJoin(db.Set<AgendaItem>(), d => d.AgendaItemId, i => (long?)i.Id, (d, items) => new { d, items })
            .SelectMany(x => x.items.DefaultIfEmpty(), (x, i) => new { x.d, Title = i == null ? null : i.Title, Start = i == null ? (DateTimeOffset?)null : i.StartUtc })
            .ToListAsync(ct);
        // Ordered in memory: SQLite cannot order by DateTimeOffset.
        return [.. rows.OrderBy(r => r.Start is null).ThenBy(r => r.Start).ThenBy(r => r.d.Title, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.d.Id)
            .Select(r => new DocumentRow(r.d, r.Title))];
    }

    /// <summary>A document of a meeting the user may see, or null (no such document, or not theirs to see).</summary>
    public Task<MeetingDocument?> FindVisibleAsync(long meetingId, long documentId, ClaimsPrincipal user, CancellationToken ct)
    {
        var visible = access.Visible(db.Set<Meeting>(), user);
        return db.Set<MeetingDocument>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == documentId && d.MeetingId == meetingId && visible.Any(m => m.Id == d.MeetingId), ct);
    }
}
