namespace ResearchHub.MailingGroups.Services;

/// <summary>A thread in the home page's "new" column, with its group (kept in the content cache: never changed once made).</summary>
public sealed record RecentThread(long Id, string Subject, string Slug, string Name);
