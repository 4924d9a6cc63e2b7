namespace ResearchHub.Core.Web;

/// <summary>One address in /sitemap.xml: a site-relative path and, for a record, when it last changed.</summary>
public sealed record SitemapEntry(string Path, DateTimeOffset? Modified);
