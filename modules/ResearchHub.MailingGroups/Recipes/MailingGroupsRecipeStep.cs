using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Recipes;

/// <summary>
/// { "name": "mailing-groups", "groups": [ { "slug", "name", "description", "join": "open|approval|invitation",
/// "post": "members|moderators", "moderatePosts", "topics": ["practice-area key", ...],
/// "members": [ { "email", "mode": "each-post|daily|weekly|monthly|none", "moderator" } ],
/// "posts": [ { "author", "subject", "body", "replies": [ { "author", "body" } ] } ] } ] }.
/// Groups match by slug and members by email; posts are written when the group is created, so
/// running the recipe again changes nothing but the group's settings and members' modes.
/// </summary>
public sealed class MailingGroupsRecipeStep(GroupPostSearchSource search, TimeProvider clock) : IRecipeStepHandler
{
    public string Name => "mailing-groups";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var db = context.Db;
        var now = clock.GetUtcNow();
        foreach (var (item, where) in step.Items("groups", "step \"mailing-groups\""))
        {
            var slug = GroupService.NormaliseSlug(item.RequiredString("slug", where));
            if (slug.Length == 0)
            {
                throw new RecipeException($"{where}: \"slug\" needs a letter or digit.");
            }

            var group = db.Set<MailingGroup>().Local.FirstOrDefault(g => g.Slug == slug)
                ?? await db.Set<MailingGroup>().FirstOrDefaultAsync(g => g.Slug == slug, ct);
            var created = group is null;
            if (group is null)
            {
                group = new MailingGroup { Slug = slug, Name = "", CreatedAt = now };
                db.Add(group);
            }

            group.Name = item.RequiredString("name", where).Trim();
            group.Description = item.OptionalString("description", where)?.Trim() ?? "";
            group.JoinPolicy = Parse(item.OptionalString("join", where), JoinPolicy.Open, where);
            group.PostPolicy = Parse(item.OptionalString("post", where), PostPolicy.Members, where);
            group.ModeratePosts = item.TryGetProperty("moderatePosts", out var m) && m.ValueKind == JsonValueKind.True;
            group.Topics = item.TryGetProperty("topics", out var topics) && topics.ValueKind == JsonValueKind.Array
                ? string.Join(' ', topics.EnumerateArray().Select(t => t.GetString()).Where(t => !string.IsNullOrWhiteSpace(t)))
                : "";
            await db.SaveChangesAsync(ct);

            foreach (var member in Array(item, "members"))
            {
                var userId = await UserAsync(context, member.GetProperty("email").GetString(), where, ct);
                var mode = Parse(member.TryGetProperty("mode", out var md) ? md.GetString() : null, DeliveryMode.Weekly, where);
                var moderator = member.TryGetProperty("moderator", out var mo) && mo.ValueKind == JsonValueKind.True;
                var membership = await db.Set<GroupMembership>().FirstOrDefaultAsync(x => x.GroupId == group.Id && x.UserId == userId, ct);
                if (membership is null)
                {
                    db.Add(new GroupMembership { GroupId = group.Id, UserId = userId, Mode = mode, IsModerator = moderator, CreatedAt = now });
                }
                else
                {
                    membership.Mode = mode;
                    membership.IsModerator = moderator;
                }
            }

            if (created)
            {
                foreach (var post in Array(item, "posts"))
                {
                    var thread = new GroupPost
                    {
                        GroupId = group.Id, AuthorId = await UserAsync(context, post.GetProperty("author").GetString(), where, ct),
                        Subject = post.GetProperty("subject").GetString() ?? "", Body = post.GetProperty("body").GetString() ?? "",
                        CreatedAt = now, PublishedAt = now,
                    };
                    db.Add(thread);
                    await db.SaveChangesAsync(ct);
                    foreach (var reply in Array(post, "replies"))
                    {
                        db.Add(new GroupPost
                        {
                            GroupId = group.Id, ThreadId = thread.Id, AuthorId = await UserAsync(context, reply.GetProperty("author").GetString(), where, ct),
                            Subject = thread.Subject, Body = reply.GetProperty("body").GetString() ?? "", CreatedAt = now, PublishedAt = now,
                        });
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            foreach (var postId in await db.Set<GroupPost>().Where(p => p.GroupId == group.Id).Select(p => p.Id).ToListAsync(ct))
            {
                await search.IndexAsync(postId, ct); // Search: in the recipe's transaction (the group's name is in each document)
            }

            context.Log.Add($"mailing group {slug}");
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static T Parse<T>(string? value, T fallback, string where) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new RecipeException($"{where}: \"{value}\" is not one of {string.Join(", ", Enum.GetNames<T>())}.");
    }

    private static async Task<string> UserAsync(RecipeContext context, string? email, string where, CancellationToken ct)
    {
        return (await context.Services.GetRequiredService<IMemberDirectory>().FindByEmailAsync(email ?? "", ct))?.Id
            ?? throw new RecipeException($"{where}: no member has the email \"{email}\".");
    }
}
