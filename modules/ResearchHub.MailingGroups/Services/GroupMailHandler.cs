using Microsoft.EntityFrameworkCore;
using MimeKit;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Members;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// Mail to the groups' addresses (<see cref="GroupAddresses"/>): to a group, a new thread; to a
/// thread's address (or answering a mailed post, by In-Reply-To), a reply; to the leave address,
/// delivery set to none. The sender must be a member allowed to post, as on the web (moderation
/// applies the same way); anyone else gets a polite refusal by email, except automatic mail
/// (auto-replies, bounces), which is never answered, so no two robots write to each other forever.
/// </summary>
public sealed class GroupMailHandler(
    HubDbContext db,
    IMemberDirectory directory,
    GroupAddresses addresses,
    GroupService groups,
    DigestComposer composer,
    MailOutbox outbox) : IInboundMailHandler
{
    public const string RefusalKind = "group-refusal";

    public int Order => 10;

    public async Task<string?> HandleAsync(MimeMessage message, CancellationToken ct)
    {
        if (!addresses.Configured)
        {
            return null;
        }

        var target = message.To.Mailboxes.Concat(message.Cc.Mailboxes)
            .Select(m => addresses.Parse(m.Address)).FirstOrDefault(a => a is not null);
        if (target is null)
        {
            return null;
        }

        var group = await db.Set<MailingGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Slug == target.Slug, ct);
        var sender = message.From.Mailboxes.FirstOrDefault()?.Address;
        if (group is null || sender is null)
        {
            return "ignored: no such group";
        }

        var automatic = message.Headers[HeaderId.AutoSubmitted] is { } auto && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase);
        if (automatic)
        {
            return "ignored: automatic mail";
        }

        var userId = (await directory.FindByEmailAsync(sender, ct))?.Id;
        var member = userId is not null && await db.Set<GroupMembership>()
            .AnyAsync(m => m.GroupId == group.Id && m.UserId == userId && m.Status == MembershipStatus.Active, ct);

        if (target.Kind == GroupAddressKind.Leave)
        {
            if (!member)
            {
                return "ignored: unsubscribe from someone who is not a member";
            }

            await groups.SetModeAsync(group.Id, userId!, DeliveryMode.None, ct);
            return $"unsubscribed {sender} from {group.Slug}";
        }

        if (!member)
        {
            await RefuseAsync(message, sender, group, "Only members of the group can post to it by email. Join the group on the site first, then write from the address you signed up with.", ct);
            return $"refused: {sender} is not a member of {group.Slug}";
        }

        var threadId = target.ThreadId ?? await ThreadFromReferencesAsync(message, group.Id, ct);
        var body = InboundText.Trim(InboundText.FullText(message));
        var subject = threadId is null ? CleanSubject(message.Subject, group.Name) : "";
        if (threadId is not null)
        {
            subject = await db.Set<GroupPost>().Where(p => p.Id == threadId).Select(p => p.Subject).FirstAsync(ct);
        }

        // Files the sender attached (not the inline images of an HTML body), under the same rules as on the site.
        var files = message.Attachments.OfType<MimePart>()
            .Select(part => new AttachmentUpload(part.FileName, () => part.Content?.Open() ?? Stream.Null)).ToList();
        var who = (await composer.RecipientsAsync([userId!], ct))[userId!];
        var result = await groups.PostAsync(group, who.Principal, threadId, subject, body, files, ct);
        if (!result.Succeeded)
        {
            await RefuseAsync(message, sender, group, result.Error ?? "The message could not be posted.", ct);
            return $"refused: {result.Error}";
        }

        return $"{(threadId is null ? "thread" : "reply")} {result.Id} in {group.Slug}";
    }

    /// <summary>The thread a mail program's reply answers, from the Message-IDs of our mailed posts.</summary>
    private async Task<long?> ThreadFromReferencesAsync(MimeMessage message, long groupId, CancellationToken ct)
    {
        foreach (var id in new[] { message.InReplyTo }.Concat(message.References.Reverse()))
        {
            if (PostMessageIds.TryParse(id is null ? null : $"<{id}>", out var postId))
            {
                var post = await db.Set<GroupPost>().AsNoTracking().Where(p => p.Id == postId && p.GroupId == groupId)
                    .Select(p => new { p.Id, p.ThreadId }).FirstOrDefaultAsync(ct);
                if (post is not null)
                {
                    return post.ThreadId ?? post.Id;
                }
            }
        }

        return null;
    }

    private static string CleanSubject(string? subject, string groupName)
    {
        var s = (subject ?? "").Replace($"[{groupName}]", "", StringComparison.OrdinalIgnoreCase).Trim();
        while (s.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) || s.StartsWith("Fwd:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[(s.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }

        return s;
    }

    private async Task RefuseAsync(MimeMessage message, string sender, MailingGroup group, string reason, CancellationToken ct)
    {
        var text = $"Hello,\n\nyour message \"{message.Subject}\" to {group.Name} was not posted.\n\n{reason}\n\n-- \n{group.Name}\n";
        var headers = new Dictionary<string, string> { ["Auto-Submitted"] = "auto-replied" };
        if (message.MessageId is { } id)
        {
            headers["In-Reply-To"] = $"<{id}>";
            headers["References"] = $"<{id}>";
        }

        outbox.Enqueue(RefusalKind, new EmailMessage(sender, $"Not posted: {message.Subject}", text, Headers: headers));
        await db.SaveChangesAsync(ct);
    }
}
