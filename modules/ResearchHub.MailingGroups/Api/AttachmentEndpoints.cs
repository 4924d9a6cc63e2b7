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

            var content = store.OpenRead(file.Sha256);
            if (content is null)
            {
                return Results.Problem("The file is missing from the store.", statusCode: StatusCodes.Status500InternalServerError);
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            // Membership can change, so neither shared caches nor the browser keep a copy unchecked.
            http.Response.Headers.CacheControl = "private, no-cache";
            // An attachment with its (sanitised) name: never rendered inline in our origin.
            return Results.File(content, file.ContentType, fileDownloadName: file.FileName, enableRangeProcessing: true);
        }).ExcludeFromDescription();
}
