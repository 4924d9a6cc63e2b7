namespace ResearchHub.MailingGroups;

/// <summary>The module's addresses, in one place.</summary>
public static class MailingGroupsUrls
{
    public const string Index = "/groups";
    public const string MySubscriptions = "/groups/subscriptions";
    public const string Admin = "/admin/groups";
    public const string DigestSettings = "/groups/settings";

    public static string Group(string slug) => $"/groups/{slug}";

    public static string NewThread(string slug) => $"/groups/{slug}#new-thread";

    public static string Thread(string slug, long threadId) => $"/groups/{slug}/threads/{threadId}";

    public static string Post(string slug, long threadId, long postId) => $"/groups/{slug}/threads/{threadId}#post-{postId}";

    public static string EditPost(string slug, long postId) => $"/groups/{slug}/posts/{postId}/edit";

    public static string Attachment(string slug, long attachmentId) => $"/groups/{slug}/attachments/{attachmentId}";

    public static string Unsubscribe(string token) => $"/groups/unsubscribe/{token}";

    public static string AdminGroup(string slug) => $"/admin/groups/{slug}";

    public static string Preview(string slug, string userId) => $"/admin/groups/{slug}/preview/{Uri.EscapeDataString(userId)}";
}
