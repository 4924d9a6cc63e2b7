namespace ResearchHub.Core.Web;

/// <summary>A &lt;link&gt; for the page's &lt;head&gt;: an alternate (feed) or the like.</summary>
public sealed record HeadLink(string Rel, string Href, string? Type = null, string? Title = null);

/// <summary>A &lt;meta name content&gt; for the page's &lt;head&gt;: citation (Highwire) and Dublin Core tags for indexes.</summary>
public sealed record HeadMeta(string Name, string Content);

/// <summary>
/// What a page, or any partial inside it (a home-page section), adds to the layout's &lt;head&gt;:
/// feed links and scholarly meta tags above all. Razor renders a page's body before its layout, so whatever the body adds
/// here is in place when the layout writes the head. One per request.
/// </summary>
public sealed class PageHead
{
    private readonly List<HeadLink> _links = [];
    private readonly List<HeadMeta> _metas = [];

    public IReadOnlyList<HeadLink> Links => _links;

    public IReadOnlyList<HeadMeta> Metas => _metas;

    /// <summary>Repeats are kept (one citation_author per author), in the order added.</summary>
    public void AddMeta(string name, string content) => _metas.Add(new HeadMeta(name, content));

    public void AddFeed(string href, string title) =>
        Add(new HeadLink("alternate", href, "application/atom+xml", title));

    public void Add(HeadLink link)
    {
        if (!_links.Contains(link))
        {
            _links.Add(link);
        }
    }
}
