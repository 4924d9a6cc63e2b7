using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The text a member wrote in a reply by email: the plain-text part, or the HTML part turned into
/// text (tags dropped, scripts and styles with their content, entities decoded: nothing of the HTML
/// reaches the post, which is Markdown rendered with raw HTML disabled), with the quoted message
/// ("On … wrote:", "-----Original Message-----", "&gt;" lines) and the signature ("-- ") cut off.
/// </summary>
public static partial class InboundText
{
    /// <summary>The full text of the message (what <see cref="Trim"/> cuts down).</summary>
    public static string FullText(MimeMessage message)
    {
        if (message.TextBody is { } text)
        {
            return Normalise(text);
        }

        return message.HtmlBody is { } html ? Normalise(HtmlToText(html)) : "";
    }

    /// <summary>What the member wrote above the quote and the signature.</summary>
    public static string Trim(string text)
    {
        var lines = text.Split('\n');
        var end = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line == "--" || line == "-- " || lines[i] == "-- " || OriginalMessage().IsMatch(line) || Attribution().IsMatch(line)
                || (line.StartsWith('>') && lines.Skip(i).All(l => l.StartsWith('>') || string.IsNullOrWhiteSpace(l))))
            {
                end = i;
                break;
            }

            // "On Tue, 3 Mar 2026 at 10:00, Ana wrote:" wrapped over two lines by the mail program.
            if (i + 1 < lines.Length && line.StartsWith("On ", StringComparison.Ordinal) && Attribution().IsMatch(line + " " + lines[i + 1].Trim()))
            {
                end = i;
                break;
            }
        }

        return string.Join('\n', lines.Take(end)).Trim();
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string HtmlToText(string html)
    {
        var text = new StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var skip = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head:
                    skip += tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1;
                    skip = Math.Max(0, skip);
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.Br:
                    text.Append('\n');
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR or HtmlTagId.H1 or HtmlTagId.H2
                    or HtmlTagId.H3 or HtmlTagId.BlockQuote or HtmlTagId.Pre or HtmlTagId.Table:
                    if (tag.Id == HtmlTagId.BlockQuote && !tag.IsEndTag)
                    {
                        text.Append("\n> ");
                    }

                    text.Append('\n');
                    break;
                case HtmlDataToken data when skip == 0:
                    text.Append(WebUtility.HtmlDecode(WhiteSpace().Replace(data.Data, " ")));
                    break;
            }
        }

        return MultipleBlankLines().Replace(string.Join('\n', text.ToString().Split('\n').Select(l => l.Trim())), "\n\n").Trim();
    }

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Mensaje original|Message d'origine|Mensagem original)\s*-{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(On|El|Em|Le|Am)\s.+\s(wrote|escribió|escreveu|a écrit|schrieb)\s?:$", RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();
}
