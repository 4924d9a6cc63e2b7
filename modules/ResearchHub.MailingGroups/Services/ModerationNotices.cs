using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Core.Web;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The mail of moderation, through the outbox in the caller's transaction: a group's moderators
/// hear of each post held for them and each request to join; the member who asked hears the
/// decision; the author of a rejected post is told why. Plain text, each keyed so it goes once.
/// </summary>
public sealed class ModerationNotices(HubDbContext db, DigestComposer composer, MailOutbox outbox, PublicUrls urls)
{
    public const string Kind = "group-moderation";

    public async Task HeldPostAsync(MailingGroup group, GroupPost post, CancellationToken ct)
    {
        var author = await NameAsync(post.AuthorId, ct);
        var queue = urls.Absolute(MailingGroupsUrls.Group(group.Slug) + "#moderation");
        await ToModeratorsAsync(group, $"[{group.Name}] Post waiting for approval: {post.Subject}",
            $"{author} posted in {group.Name}, and the post waits for a moderator:\n\n{post.Subject}\n\n{post.Body}\n\nApprove or reject it: {queue}\n",
            $"held:{post.Id}", ct);
    }

    public async Task JoinRequestAsync(MailingGroup group, string userId, CancellationToken ct)
    {
        var who = await NameAsync(userId, ct);
        var queue = urls.Absolute(MailingGroupsUrls.Group(group.Slug) + "#moderation");
        await ToModeratorsAsync(group, $"[{group.Name}] {who} asks to join",
            $"{who} asks to join {group.Name}.\n\nApprove or decline the request: {queue}\n", $"join:{group.Id}:{userId}", ct);
    }

    public async Task JoinDecisionAsync(MailingGroup group, string userId, bool approved, CancellationToken ct)
    {
        if ((await composer.RecipientsAsync([userId], ct)).GetValueOrDefault(userId) is not { } to)
        {
            return;
        }

        var text = approved
            ? $"Hello {to.Name},\n\nyour request to join {group.Name} was approved: you are now a member.\n\n{urls.Absolute(MailingGroupsUrls.Group(group.Slug))}\n"
            : $"Hello {to.Name},\n\nyour request to join {group.Name} was declined by its moderators.\n";
        outbox.Enqueue(Kind, new EmailMessage(to.Email, $"[{group.Name}] Your request to join was {(approved ? "approved" : "declined")}", text),
            $"join-decision:{group.Id}:{userId}:{(approved ? "yes" : "no")}");
        await db.SaveChangesAsync(ct);
    }

    public async Task RejectedPostAsync(MailingGroup group, GroupPost post, string? reason, CancellationToken ct)
    {
        if ((await composer.RecipientsAsync([post.AuthorId], ct)).GetValueOrDefault(post.AuthorId) is not { } to)
        {
            return;
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "The moderators gave no reason." : $"The moderators' reason:\n\n{reason.Trim()}";
        outbox.Enqueue(Kind, new EmailMessage(to.Email, $"[{group.Name}] Your post was not published: {post.Subject}",
            $"Hello {to.Name},\n\nyour post \"{post.Subject}\" in {group.Name} was not published.\n\n{why}\n\nWhat you wrote:\n\n{post.Body}\n"),
            $"rejected:{post.Id}");
        await db.SaveChangesAsync(ct);
    }

    private async Task ToModeratorsAsync(MailingGroup group, string subject, string text, string key, CancellationToken ct)
    {
        var moderators = await db.Set<GroupMembership>().AsNoTracking()
            .Where(m => m.GroupId == group.Id && m.IsModerator && m.Status == MembershipStatus.Active).Select(m => m.UserId).ToListAsync(ct);
        foreach (var to in (await composer.RecipientsAsync(moderators, ct)).Values)
        {
            outbox.Enqueue(Kind, new EmailMessage(to.Email, subject, text), $"moderation:{key}:{to.UserId}");
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task<string> NameAsync(string userId, CancellationToken ct) =>
        (await composer.RecipientsAsync([userId], ct)).GetValueOrDefault(userId)?.Name ?? "A member";
}
