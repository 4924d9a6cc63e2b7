namespace ResearchHub.Core.Markdown;

/// <summary>How a link's URL is treated.</summary>
public enum MarkdownLinkKind
{
    /// <summary>A path, fragment or query on this site.</summary>
    Local,
    /// <summary>An absolute http(s) or protocol-relative URL: another website.</summary>
    External,
    /// <summary>A mailto: address.</summary>
    Mail,
    /// <summary>Any other scheme (javascript:, data:, vbscript:, file:, ...): never a live link.</summary>
    Unsafe,
}
