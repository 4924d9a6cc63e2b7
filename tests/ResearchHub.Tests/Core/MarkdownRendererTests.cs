using AngleSharp;
using AngleSharp.Dom;
using ResearchHub.Core.Markdown;

namespace ResearchHub.Tests.Core;

/// <summary>
/// The Markdown renderer as a unit: what members write must never become script, a live dangerous
/// link, an embedded resource from another site or a second h1. Every output is parsed as a browser
/// would parse it, so the assertions are about elements and attributes, not about string shapes.
/// </summary>
public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Text <script src=\"https://evil.example/x.js\"></script> more")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<div style=\"position:fixed\" onclick=\"alert(1)\">click</div>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("Inline <b onmouseover=alert(1)>bold</b> html")]
    public void Raw_html_is_shown_as_text_and_never_becomes_elements(string markdown)
    {
        var body = Render(markdown);

        Assert.Empty(body.QuerySelectorAll("script, img, iframe, div, b, style"));
        Assert.Empty(AttributesNamed(body, name => name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || name == "style"));
        // The author's text is still there, escaped, for readers to see.
        var firstTag = markdown[markdown.IndexOf('<', StringComparison.Ordinal)..(markdown.IndexOf('>', StringComparison.Ordinal) + 1)];
        Assert.Contains(firstTag, body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_block_is_escaped_in_the_html_source()
    {
        var html = Renderer.ToHtml("<script>alert('x')</script>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("[click me]( javascript:alert(1) )")]
    [InlineData("[click me](<java\tscript:alert(1)>)")]
    [InlineData("[click me](java&#9;script:alert(1))")]
    [InlineData("[click me](java&#x0A;script:alert(1))")]
    [InlineData("[click me](&#106;avascript:alert(1))")]
    [InlineData("[click me](&#x6A;avascript&#x3A;alert(1))")]
    [InlineData("[click me](javascript&colon;alert(1))")]
    [InlineData("[click me](vbscript:msgbox(1))")]
    [InlineData("[click me](VBScript:msgbox(1))")]
    [InlineData("[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click me](DATA:text/html,<script>alert(1)</script>)")]
    [InlineData("[click me](file:///etc/passwd)")]
    [InlineData("[click me][evil]\n\n[evil]: javascript:alert(1)")]
    [InlineData("[click me][evil]\n\n[evil]: <java\tscript:alert(1)>")]
    public void Links_with_dangerous_schemes_keep_their_text_and_lose_the_link(string markdown)
    {
        var body = Render(markdown);

        Assert.Empty(body.QuerySelectorAll("a"));
        Assert.Contains("click me", body.TextContent, StringComparison.Ordinal);
        Assert.Empty(AttributesNamed(body, name => name is "href" or "src"));
    }

    [Theory]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JAVASCRIPT:alert(1)>")]
    [InlineData("<vbscript:msgbox(1)>")]
    [InlineData("<data:text/html,hi>")]
    public void Autolinks_with_dangerous_schemes_are_not_live(string markdown)
    {
        var body = Render(markdown);

        Assert.Empty(body.QuerySelectorAll("a"));
        Assert.Empty(AttributesNamed(body, name => name is "href" or "src"));
    }

    [Theory]
    [InlineData("![a picture](javascript:alert(1))")]
    [InlineData("![a picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    public void Images_with_dangerous_schemes_keep_only_their_alt_text(string markdown)
    {
        var body = Render(markdown);

        Assert.Empty(body.QuerySelectorAll("img, a"));
        Assert.Contains("a picture", body.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Example](https://example.org/page)", "https://example.org/page")]
    [InlineData("[Example](http://example.org)", "http://example.org")]
    [InlineData("[Example](HTTPS://EXAMPLE.ORG)", "HTTPS://EXAMPLE.ORG")]
    [InlineData("[Example](//example.org/x)", "//example.org/x")]
    [InlineData("[Example][ref]\n\n[ref]: https://example.org/ref", "https://example.org/ref")]
    public void Links_to_other_sites_are_marked_external_for_every_reader(string markdown, string href)
    {
        var body = Render(markdown);

        var link = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal(MarkdownRenderer.ExternalLinkRel, link.GetAttribute("rel"));
        Assert.Contains(MarkdownRenderer.ExternalLinkClass, link.ClassList);
        var notice = Assert.Single(link.QuerySelectorAll("span.visually-hidden"));
        Assert.Equal(" (opens another website)", notice.TextContent);
        Assert.StartsWith("Example", link.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<https://example.org/auto>", "https://example.org/auto")]
    [InlineData("See https://example.org/bare for more", "https://example.org/bare")]
    public void Autolinks_to_other_sites_are_marked_external_too(string markdown, string href)
    {
        var body = Render(markdown);

        var link = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
        Assert.Contains("external", link.ClassList);
        Assert.Contains("(opens another website)", link.QuerySelector("span.visually-hidden")?.TextContent ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[About us](/pages/about)", "/pages/about")]
    [InlineData("[Methods](methods#coding)", "methods#coding")]
    [InlineData("[Top](#top)", "#top")]
    [InlineData("[Search](/search?q=lac)", "/search?q=lac")]
    [InlineData("[Write to us](mailto:research@example.org)", "mailto:research@example.org")]
    public void Links_within_the_site_and_mail_links_are_left_as_written(string markdown, string href)
    {
        var body = Render(markdown);

        var link = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Null(link.GetAttribute("rel"));
        Assert.Null(link.GetAttribute("class"));
        Assert.Empty(link.QuerySelectorAll("span"));
        Assert.DoesNotContain("opens another website", link.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Internal_link_html_is_exactly_a_plain_anchor()
    {
        Assert.Equal("<p><a href=\"/pages/about\">About us</a></p>", Renderer.ToHtml("[About us](/pages/about)").Trim());
    }

    [Fact]
    public void A_body_starting_at_h1_is_shifted_down_a_level_keeping_the_outline()
    {
        var body = Render("# Title\n\ntext\n\n## Part\n\n### Detail\n\n###### Deepest");

        Assert.Empty(body.QuerySelectorAll("h1"));
        Assert.Equal(["H2", "H3", "H4", "H6"], body.QuerySelectorAll("h2, h3, h4, h5, h6").Select(h => h.TagName).ToArray());
        Assert.Equal("Title", body.QuerySelector("h2")!.TextContent);
        Assert.Equal("Detail", body.QuerySelector("h4")!.TextContent);
    }

    [Fact]
    public void Setext_h1_headings_are_shifted_too()
    {
        var body = Render("Big title\n=========\n\nSmaller\n-------");

        Assert.Empty(body.QuerySelectorAll("h1"));
        Assert.Equal("Big title", body.QuerySelector("h2")?.TextContent);
        Assert.Equal("Smaller", body.QuerySelector("h3")?.TextContent);
    }

    [Fact]
    public void A_body_already_starting_at_h2_keeps_its_levels()
    {
        var body = Render("## Section\n\n### Sub-section");

        Assert.Equal("Section", body.QuerySelector("h2")?.TextContent);
        Assert.Equal("Sub-section", body.QuerySelector("h3")?.TextContent);
        Assert.Empty(body.QuerySelectorAll("h1, h4"));
    }

    [Fact]
    public void A_heading_called_main_does_not_take_the_skip_links_target_id()
    {
        var body = Render("## Main\n\n## Error summary title");

        Assert.Null(body.QuerySelector("#main"));
        Assert.NotNull(body.QuerySelector("h2#section-main"));
    }

    [Theory]
    [InlineData("## Main", "main")]
    [InlineData("## Main nav list", "main-nav-list")]
    [InlineData("## Error summary title", "error-summary-title")]
    [InlineData("## Home pages", "home-pages")]
    public void Headings_never_take_an_id_the_layout_or_the_home_page_uses(string markdown, string id)
    {
        var body = Render(markdown + "\n\nText.");

        Assert.Null(body.QuerySelector($"[id='{id}']"));
        Assert.False(string.IsNullOrEmpty(body.QuerySelector("h2")?.Id), "The heading lost its id altogether");
    }

    [Fact]
    public void Heading_ids_stay_unique_when_a_reserved_id_is_moved_aside()
    {
        var body = Render("## Main\n\n## Section main\n\n## Section main");

        var ids = body.QuerySelectorAll("h2").Select(h => h.Id).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("Click here{onclick=alert(1)}")]
    [InlineData("# Heading {onclick=\"alert(1)\" style=\"color:red\"}")]
    [InlineData("[link](/pages/about){onmouseover=alert(1)}")]
    [InlineData("Paragraph\n{#main .evil onclick=alert(1)}")]
    public void Generic_attributes_are_not_honoured(string markdown)
    {
        var body = Render(markdown);

        Assert.Empty(AttributesNamed(body, name => name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || name == "style"));
        Assert.Empty(body.QuerySelectorAll(".evil"));
        Assert.Null(body.QuerySelector("#main"));
    }

    [Theory]
    [InlineData("![A chart](https://evil.example/track.png)", "https://evil.example/track.png", "A chart")]
    [InlineData("![A chart](//evil.example/track.png)", "//evil.example/track.png", "A chart")]
    [InlineData("![](https://evil.example/track.png)", "https://evil.example/track.png", "https://evil.example/track.png")]
    public void Images_from_other_sites_become_external_links_not_img(string markdown, string href, string text)
    {
        var body = Render(markdown);

        Assert.Empty(body.QuerySelectorAll("img"));
        var link = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Contains("external", link.ClassList);
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));
        Assert.StartsWith(text, link.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_from_the_site_itself_stay_images()
    {
        var body = Render("![The team](/files/team.jpg)");

        var image = Assert.Single(body.QuerySelectorAll("img"));
        Assert.Equal("/files/team.jpg", image.GetAttribute("src"));
        Assert.Equal("The team", image.GetAttribute("alt"));
    }

    [Fact]
    public void Media_links_are_not_turned_into_embedded_players()
    {
        var body = Render("![video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)");

        Assert.Empty(body.QuerySelectorAll("iframe, video, audio, img"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Empty_markdown_renders_nothing(string? markdown)
    {
        Assert.Equal("", Renderer.ToHtml(markdown));
        Assert.Equal("", Renderer.Render(markdown).Value);
        Assert.Equal("", Renderer.Excerpt(markdown));
    }

    [Fact]
    public void Excerpt_is_the_first_paragraph_as_plain_text()
    {
        var excerpt = Renderer.Excerpt("## Heading first\n\nThe **network** shares [evaluations](/pages/about)\nand *learning*.\n\nSecond paragraph.");

        Assert.Equal("The network shares evaluations and learning.", excerpt);
    }

    [Fact]
    public void Excerpt_cuts_long_text_at_a_word_boundary_within_the_limit()
    {
        var markdown = string.Join(' ', Enumerable.Repeat("evaluation", 40));

        var excerpt = Renderer.Excerpt(markdown, 50);

        Assert.True(excerpt.Length <= 50, $"{excerpt.Length} characters: {excerpt}");
        Assert.EndsWith("evaluation…", excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", excerpt, StringComparison.Ordinal);
        Assert.Equal("evaluation evaluation evaluation evaluation…", excerpt);
    }

    [Fact]
    public void Excerpt_drops_trailing_punctuation_before_the_ellipsis()
    {
        var excerpt = Renderer.Excerpt("First part, second part; third part and more words here", 25);

        Assert.Equal("First part, second part…", excerpt);
    }

    [Fact]
    public void Excerpt_resolves_reference_links_to_their_text()
    {
        var excerpt = Renderer.Excerpt("See [our methods][m] and [the pathway] for more.\n\n[m]: /pages/methods\n[the pathway]: /pages/evaluation-pathway");

        Assert.Equal("See our methods and the pathway for more.", excerpt);
    }

    [Fact]
    public void Excerpt_of_text_without_a_paragraph_is_empty()
    {
        Assert.Equal("", Renderer.Excerpt("# Only a heading\n\n## And another"));
    }

    [Fact]
    public void Excerpt_does_not_keep_markup_of_raw_html_as_live_html()
    {
        var excerpt = Renderer.Excerpt("Hello <script>alert(1)</script> world");

        // Plain text: the view HTML-encodes it, so it must not have been turned into entities here.
        Assert.DoesNotContain("&lt;", excerpt, StringComparison.Ordinal);
        Assert.StartsWith("Hello", excerpt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.org", MarkdownLinkKind.External)]
    [InlineData("//example.org", MarkdownLinkKind.External)]
    [InlineData("\\\\example.org", MarkdownLinkKind.External)]
    [InlineData("/\t/example.org", MarkdownLinkKind.External)]
    [InlineData("mailto:a@example.org", MarkdownLinkKind.Mail)]
    [InlineData("/pages/about", MarkdownLinkKind.Local)]
    [InlineData("about?x=a:b", MarkdownLinkKind.Local)]
    [InlineData("#top", MarkdownLinkKind.Local)]
    [InlineData("java\tscript:alert(1)", MarkdownLinkKind.Unsafe)]
    [InlineData("\u0001javascript:alert(1)", MarkdownLinkKind.Unsafe)]
    [InlineData(" JAVASCRIPT:alert(1)", MarkdownLinkKind.Unsafe)]
    [InlineData("data:text/html,x", MarkdownLinkKind.Unsafe)]
    [InlineData("vbscript:x", MarkdownLinkKind.Unsafe)]
    [InlineData("ftp://example.org", MarkdownLinkKind.Unsafe)]
    public void Classify_judges_urls_as_a_browser_reads_them(string url, MarkdownLinkKind kind)
    {
        Assert.Equal(kind, MarkdownRenderer.Classify(url));
    }

    /// <summary>The rendered HTML as a browser's body element.</summary>
    private static IElement Render(string markdown)
    {
        var html = Renderer.ToHtml(markdown);
        var document = BrowsingContext.New(Configuration.Default)
            .OpenAsync(r => r.Content("<!DOCTYPE html><html><body>" + html + "</body></html>"))
            .GetAwaiter().GetResult();
        return document.Body!;
    }

    private static List<string> AttributesNamed(IElement root, Func<string, bool> match) =>
        [.. root.QuerySelectorAll("*").SelectMany(e => e.Attributes.Where(a => match(a.Name)).Select(a => $"<{e.LocalName} {a.Name}=\"{a.Value}\">"))];
}
