using System.Globalization;
using System.Text.RegularExpressions;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The stable Message-ID of a post as it is mailed out: the same for every member who gets it, so a
/// reply's In-Reply-To and References name it and mail programs thread the conversation.
/// </summary>
public static partial class PostMessageIds
{
    /// <summary>&lt;post-{id}.{group slug}@{host}&gt;</summary>
    public static string For(long postId, string groupSlug, string host) =>
        string.Create(CultureInfo.InvariantCulture, $"<post-{postId}.{groupSlug}@{host}>");

    /// <summary>The post a Message-ID names, when it is one of ours (any host: the hub may have moved).</summary>
    public static bool TryParse(string? messageId, out long postId)
    {
        postId = 0;
        var match = messageId is null ? null : Pattern().Match(messageId);
        return match is { Success: true } && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out postId);
    }

    [GeneratedRegex(@"^<?post-(\d{1,18})\.[a-z0-9-]+@[^>]+>?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
