namespace ResearchHub.Core.Web;

/// <summary>
/// What a module puts in /sitemap.xml: its landing pages and the records anyone may read, by the
/// module's own visibility rule (registered as <c>services.AddScoped&lt;ISitemapSource, X&gt;()</c>,
/// as home sections are). The sitemap lists every source's landing pages first, then every source's
/// records, each in <see cref="Order"/>.
/// </summary>
public interface ISitemapSource
{
    /// <summary>Lower comes first.</summary>
    int Order { get; }

    /// <summary>The module's landing pages (no modification date).</summary>
    IReadOnlyList<string> LandingPaths { get; }

    /// <summary>The records an anonymous visitor may read, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<SitemapEntry>> EntriesAsync(int max, CancellationToken ct);
}
