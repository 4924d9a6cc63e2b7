namespace ResearchHub.Codebooks.Services;

/// <summary>A codebook version in the home page's "new" column (kept in the content cache: never changed once made).</summary>
public sealed record RecentCodebookVersion(long CodebookId, int Number, string Name);
