using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.GenericAttributes;
using Markdig.Extensions.MediaLinks;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace ResearchHub.Core.Markdown;

/// <summary>
/// Turns members' Markdown into HTML that is safe to put in a page: raw HTML is shown as text,
/// only http(s), mailto and relative links stay live, and links to other sites say so to every
/// reader (class "external", rel="noopener noreferrer" and a visually hidden "(opens another
/// website)"). Headings are shifted so the body never adds a second h1 to the page. A singleton:
/// the pipeline is immutable and thread-safe.
/// </summary>
public sealed partial class MarkdownRenderer
{
    public const string ExternalLinkClass = "external";
    public const string ExternalLinkRel = "noopener noreferrer";
    public const string ExternalLinkNotice = " (opens another website)";

    private const string ExternalLinkNoticeHtml = "<span class=\"visually-hidden\">" + ExternalLinkNotice + "</span>";

    // Ids the layout and the home page (which renders the intro setting) use: a heading called "Main"
    // must not steal the skip link's target, nor "Home pages" the home page section's label.
    private static readonly HashSet<string> ReservedIds = new(StringComparer.OrdinalIgnoreCase) { "main", "main-nav-list", "error-summary-title", "home-pages" };

    private readonly MarkdownPipeline _pipeline;

    public MarkdownRenderer()
    {
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml();

        // Two of the advanced extensions are unsafe or useless here: generic attributes let an
        // author write any attribute ({onclick=...}, {style=...}), and media links embed players
        // from other sites, which the Content-Security-Policy blocks anyway.
        builder.Extensions.RemoveAll(e => e is GenericAttributesExtension or MediaLinkExtension);
        _pipeline = builder.Build();
    }

    /// <summary>The HTML of <paramref name="markdown"/>, ready to write into a Razor view.</summary>
    public HtmlString Render(string? markdown) => new(ToHtml(markdown));

    public string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdig.Markdown.Parse(markdown, _pipeline);
        ShiftHeadings(document);
        SecureLinks(document);
        return Markdig.Markdown.ToHtml(document, _pipeline);
    }

    /// <summary>
    /// The first paragraph as plain text, cut at a word boundary to at most
    /// <paramref name="maxLength"/> characters: for cards and lists.
    /// </summary>
    public string Excerpt(string? markdown, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdig.Markdown.Parse(markdown, _pipeline);
        var paragraph = document.Descendants<ParagraphBlock>().FirstOrDefault();
        if (paragraph is null)
        {
            return "";
        }

        // Render the parsed paragraph itself (not its source text), so reference links resolve.
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        _pipeline.Setup(renderer);
        renderer.Render(paragraph);
        writer.Flush();
        var text = Whitespace().Replace(writer.ToString(), " ").Trim();
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxLength - 1);
        return text[..(cut > 0 ? cut : maxLength - 1)].TrimEnd(',', ';', ':', '.', ' ') + "…";
    }

    public static MarkdownLinkKind Classify(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return MarkdownLinkKind.Local;
        }

        // Browsers drop ASCII whitespace and control characters anywhere in a URL before reading
        // its scheme ("java\tscript:" is javascript:), so judge the URL as the browser will.
        var probe = string.Concat(url.Where(c => c > ' ' && c != '\u007f'));
        if (probe.StartsWith("//", StringComparison.Ordinal) || probe.StartsWith("\\\\", StringComparison.Ordinal)
            || probe.StartsWith("/\\", StringComparison.Ordinal) || probe.StartsWith("\\/", StringComparison.Ordinal))
        {
            return MarkdownLinkKind.External;
        }

        var colon = probe.IndexOf(':', StringComparison.Ordinal);
        var delimiter = probe.IndexOfAny(['/', '?', '#', '\\']);
        if (colon < 0 || (delimiter >= 0 && delimiter < colon))
        {
            return MarkdownLinkKind.Local;
        }

        return probe[..colon].ToLowerInvariant() switch
        {
            "http" or "https" => MarkdownLinkKind.External,
            "mailto" => MarkdownLinkKind.Mail,
            _ => MarkdownLinkKind.Unsafe,
        };
    }

    private static void ShiftHeadings(MarkdownDocument document)
    {
        var headings = document.Descendants<HeadingBlock>().ToList();
        if (headings.Count == 0)
        {
            return;
        }

        // The page's title is its h1; a body starting at "#" moves down a level, so "##" authors keep theirs.
        var shift = Math.Max(0, 2 - headings.Min(h => h.Level));
        var taken = headings.Select(h => h.TryGetAttributes()?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var heading in headings)
        {
            heading.Level = Math.Min(6, heading.Level + shift);
            if (heading.TryGetAttributes()?.Id is { } id && ReservedIds.Contains(id))
            {
                // Move the id aside to one no other heading (nor the layout) uses.
                var candidate = "section-" + id;
                for (var n = 1; taken.Contains(candidate) || ReservedIds.Contains(candidate); n++)
                {
                    candidate = $"section-{id}-{n}";
                }

                taken.Add(candidate);
                heading.GetAttributes().Id = candidate;
            }
        }
    }

    private static void SecureLinks(MarkdownDocument document)
    {
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            // <https://...> autolinks become ordinary links so they get the same treatment.
            var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
            var link = new LinkInline(url, "");
            link.AppendChild(new LiteralInline(autolink.Url));
            autolink.ReplaceBy(link);
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            switch (Classify(link.GetDynamicUrl?.Invoke() ?? link.Url))
            {
                case MarkdownLinkKind.Unsafe:
                    Unlink(link);
                    break;
                case MarkdownLinkKind.External when link.IsImage:
                    // Images from other sites are blocked by the Content-Security-Policy
                    // (img-src 'self'): offer the picture as a link to it, named by its alt text.
                    link.IsImage = false;
                    if (link.FirstChild is null)
                    {
                        link.AppendChild(new LiteralInline(link.Url ?? ""));
                    }

                    MarkExternal(link);
                    break;
                case MarkdownLinkKind.External:
                    MarkExternal(link);
                    break;
            }
        }
    }

    private static void MarkExternal(LinkInline link)
    {
        var attributes = link.GetAttributes();
        attributes.AddClass(ExternalLinkClass);
        attributes.AddProperty("rel", ExternalLinkRel);
        link.AppendChild(new HtmlInline(ExternalLinkNoticeHtml));
    }

    /// <summary>Keeps a link's text (an image's alt text) and drops the link itself.</summary>
    private static void Unlink(LinkInline link)
    {
        var children = link.ToList();
        Inline anchor = link;
        foreach (var child in children)
        {
            child.Remove();
            anchor.InsertAfter(child);
            anchor = child;
        }

        link.Remove();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
