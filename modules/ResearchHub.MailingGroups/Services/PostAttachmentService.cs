using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// Files on posts, under the file store's rules as library files and meeting documents are (Core's):
/// the type is judged by the bytes, never the name or the sender's word; the size is limited while
/// the bytes stream (<see cref="MailingGroupsOptions.MaxAttachmentBytes"/>); names are sanitised;
/// the bytes go to the content-addressed store and only the metadata to the database. A file may be
/// downloaded by whoever may read its post: the group's members (and group managers) for a published
/// post, moderators also for a post waiting in their queue.
/// </summary>
public sealed class PostAttachmentService(
    HubDbContext db,
    IFileStore files,
    IOptions<MailingGroupsOptions> options)
{
    public long MaxBytes => options.Value.MaxAttachmentBytes;

    public int MaxCount => options.Value.MaxAttachments;

    /// <summary>Stages and checks every file; the result names the first refused file and why, and holds none then.</summary>
    public async Task<StagedAttachments> StageAsync(IReadOnlyList<AttachmentUpload> uploads, CancellationToken ct)
    {
        if (uploads.Count > MaxCount)
        {
            return new StagedAttachments($"A post can carry up to {MaxCount} files; {uploads.Count} were attached.");
        }

        var result = new StagedAttachments(null);
        foreach (var upload in uploads)
        {
            var shownName = FileNames.Sanitise(upload.FileName);
            StagedFile staged;
            try
            {
                await using var content = upload.Open();
                staged = await files.StageAsync(content, MaxBytes, ct);
            }
            catch (FileTooLargeException ex)
            {
                await result.DisposeAsync();
                return new StagedAttachments($"{shownName} was not attached: {ex.Message}");
            }

            FileCheck check;
            await using (var stream = staged.OpenRead())
            {
                check = FileTypes.Detect(stream, upload.FileName ?? "");
            }

            if (check.Type is null)
            {
                await staged.DisposeAsync();
                await result.DisposeAsync();
                return new StagedAttachments($"{shownName} was not attached: {check.Problem}");
            }

            result.Files.Add((staged, check.Type, FileNames.Sanitise(upload.FileName, check.Type)));
        }

        return result;
    }

    /// <summary>Stores the staged files and records them on the post (in the caller's transaction).</summary>
    public async Task AttachAsync(StagedAttachments staged, long postId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (file, type, name) in staged.Files)
        {
            var sha = await files.CommitAsync(file, ct);
            db.Add(new PostAttachment { PostId = postId, FileName = name, ContentType = type.ContentType, Sha256 = sha, Length = file.Length, CreatedAt = now });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The files of these posts, by post, in the order they were attached.</summary>
    public async Task<ILookup<long, PostAttachment>> ForPostsAsync(IReadOnlyCollection<long> postIds, CancellationToken ct) =>
        (await db.Set<PostAttachment>().AsNoTracking().Where(a => postIds.Contains(a.PostId)).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.PostId);

    /// <summary>
    /// A file of the group's published posts (held posts' too for a moderator), or null. The caller
    /// has checked that the viewer may read the group.
    /// </summary>
    public Task<PostAttachment?> FindAsync(long groupId, long attachmentId, bool moderator, CancellationToken ct) =>
        db.Set<PostAttachment>().AsNoTracking()
            .Where(a => a.Id == attachmentId && db.Set<GroupPost>().Any(p => p.Id == a.PostId && p.GroupId == groupId
                && (p.Status == PostStatus.Published || (moderator && p.Status == PostStatus.Pending))))
            .FirstOrDefaultAsync(ct);
}
