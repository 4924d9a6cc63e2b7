namespace ResearchHub.Federation;

/// <summary>The module's addresses, in one place for endpoints, menus and the documents that name them.</summary>
public static class FederationUrls
{
    /// <summary>The OAI-PMH base URL.</summary>
    public const string Oai = "/oai";
    public const string Sitemap = "/sitemap.xml";
    public const string Robots = "/robots.txt";
    public const string HarvestSources = "/admin/federation/sources";
    public const string Export = "/admin/export";
}
