using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Recipes;

/// <summary>
/// Exports the "mailing-groups" step that <see cref="MailingGroupsRecipeStep"/> reads: each group's
/// settings (join and post policies, moderation, topics), its active members by email with their
/// delivery mode and whether they moderate, and its published threads with their replies. Pending
/// join requests, posts awaiting moderation or rejected, digests and the delivery log stay behind:
/// they are this hub's traffic, not its content. Members are named by email, so the "members" step
/// comes first; topics are practice-area keys, so the library's vocabularies come first too.
/// </summary>
public sealed class MailingGroupsRecipeExporter(IMemberDirectory directory) : IRecipeExporter
{
    public int Order => 500;

    public async Task<IReadOnlyList<JsonObject>> ExportAsync(RecipeExportContext context, CancellationToken ct)
    {
        var db = context.Db;
        var groups = await db.Set<MailingGroup>().OrderBy(g => g.Slug).ToListAsync(ct);
        if (groups.Count == 0)
        {
            return [];
        }

        var emails = (await directory.AllAsync(ct)).Where(m => m.Email != null).ToDictionary(m => m.Id, m => m.Email!, StringComparer.Ordinal);
        var memberships = await db.Set<GroupMembership>().Where(m => m.Status == MembershipStatus.Active).ToListAsync(ct);
        var posts = await db.Set<GroupPost>().Where(p => p.Status == PostStatus.Published).OrderBy(p => p.PublishedAt).ThenBy(p => p.Id).ToListAsync(ct);

        var items = new JsonArray();
        foreach (var g in groups)
        {
            var members = new JsonArray();
            foreach (var m in memberships.Where(m => m.GroupId == g.Id && emails.ContainsKey(m.UserId)).OrderBy(m => emails[m.UserId], StringComparer.Ordinal))
            {
                members.Add(new JsonObject { ["email"] = emails[m.UserId], ["mode"] = Kebab(m.Mode.ToString()), ["moderator"] = m.IsModerator });
            }

            var threads = new JsonArray();
            foreach (var thread in posts.Where(p => p.GroupId == g.Id && p.ThreadId is null && emails.ContainsKey(p.AuthorId)))
            {
                var replies = new JsonArray();
                foreach (var reply in posts.Where(p => p.ThreadId == thread.Id && emails.ContainsKey(p.AuthorId)))
                {
                    replies.Add(new JsonObject { ["author"] = emails[reply.AuthorId], ["body"] = reply.Body });
                }

                threads.Add(new JsonObject { ["author"] = emails[thread.AuthorId], ["subject"] = thread.Subject, ["body"] = thread.Body, ["replies"] = replies });
            }

            items.Add(new JsonObject
            {
                ["slug"] = g.Slug,
                ["name"] = g.Name,
                ["description"] = g.Description,
                ["join"] = g.JoinPolicy.ToString().ToLowerInvariant(),
                ["post"] = g.PostPolicy.ToString().ToLowerInvariant(),
                ["moderatePosts"] = g.ModeratePosts,
                ["topics"] = new JsonArray(g.TopicKeys.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
                ["members"] = members,
                ["posts"] = threads,
            });
        }

        return [new JsonObject { ["name"] = "mailing-groups", ["groups"] = items }];
    }

    /// <summary>"EachPost" as "each-post", the spelling the step documents.</summary>
    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
