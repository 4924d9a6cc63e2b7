using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ResearchHub.Core.Files;
using ResearchHub.Core.Security;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Api;

/// <summary>
/// A post's file, for whoever may read the post (its thread's rule, checked on every download):
/// anonymous visitors are sent to sign in, signed-in members outside the group get 404, as for the thread.
/// </summary>
public static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/groups/{slug}/attachments/{id:long}", async (
            string slug, long id, HttpContext http, GroupService groups, PostAttachmentService attachments, IFileStore store, CancellationToken ct) =>
        {
            var group = await groups.FindAsync(slug, ct);
            var membership = group is null ? null : await groups.MembershipAsync(group.Id, GroupService.UserId(http.User), ct);
            var file = group is null || !groups.CanRead(http.User, membership)
                ? null
                : await attachments.FindAsync(group.Id, id, groups.IsModerator(http.User, membership), ct);
            if (file is null)
            {
                return NotVisible.Endpoint(http.User);
            }

            return StoredFileDownload.Result(http, store, file.Sha256, file.ContentType, file.FileName);
        }).ExcludeFromDescription();
}
