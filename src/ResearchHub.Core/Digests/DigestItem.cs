namespace ResearchHub.Core.Digests;

/// <summary>One line of a digest section: a title, a short excerpt and the site-relative path it links to (which also tells items apart).</summary>
public sealed record DigestItem(string Title, string Excerpt, string Path);
