namespace ResearchHub.Library.Services;

/// <summary>A resource in the home page's "new" column (kept in the content cache: never changed once made).</summary>
public sealed record RecentResource(long Id, string Slug, string Title);
