using System.Buffers;
using System.Globalization;
using System.Net.Mail;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;

namespace ResearchHub.Core.Email;

/// <summary>
/// Writes an <see cref="OutgoingEmail"/> as an RFC 5322 message with MIME (RFC 2045-2049): 7-bit
/// ASCII only (so no relay needs 8BITMIME or SMTPUTF8), CRLF line endings, header lines folded at
/// 78 characters and never longer than 998, non-ASCII header text as RFC 2047 encoded-words,
/// non-ASCII file names as RFC 2231 parameters, text bodies quoted-printable (readable where they
/// are ASCII), attachments base64. The text part and an HTML part make multipart/alternative (text
/// first: the last part is the preferred one); attachments wrap that in multipart/mixed.
/// The output depends only on the message (boundaries derive from its Message-ID), so the pickup
/// folder and the SMTP relay receive the very same bytes.
/// </summary>
public static class MimeWriter
{
    private const int FoldAt = 78;
    private const int MaxLine = 998;
    private const int QpLine = 76;

    /// <summary>Characters quoted-printable writes as themselves inside a line: printable ASCII but '=', and space and tab.</summary>
    private static readonly SearchValues<char> PlainQp = SearchValues.Create(
        " \t!\"#$%&'()*+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Headers the writer owns: a caller's extra header may not replace the message's structure.</summary>
    private static readonly HashSet<string> Structural = new(StringComparer.OrdinalIgnoreCase)
    {
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Bcc",
    };

    /// <summary>Headers the writer sets from the message itself, unless the caller's headers name them.</summary>
    private static readonly string[] Standard = ["Date", "From", "To", "Subject", "Message-ID"];

    public static byte[] Write(OutgoingEmail email)
    {
        var text = WriteString(email);
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>The message as a string of ASCII characters (what <see cref="Write"/> encodes).</summary>
    public static string WriteString(OutgoingEmail email)
    {
        var sb = new StringBuilder(1024 + (email.TextBody.Length * 11 / 10) + ((email.HtmlBody?.Length ?? 0) * 11 / 10));
        var extra = email.Headers.Where(h => !Structural.Contains(h.Key)).ToList();
        var overridden = new HashSet<string>(extra.Select(h => h.Key), StringComparer.OrdinalIgnoreCase);

        foreach (var name in Standard)
        {
            if (overridden.Contains(name))
            {
                continue;
            }

            switch (name)
            {
                case "Date":
                    Header(sb, "Date", email.Date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH':'mm':'ss '+0000'", CultureInfo.InvariantCulture));
                    break;
                case "From":
                    AddressHeader(sb, "From", email.From);
                    break;
                case "To":
                    AddressHeader(sb, "To", email.To);
                    break;
                case "Subject":
                    UnstructuredHeader(sb, "Subject", email.Subject);
                    break;
                case "Message-ID":
                    Header(sb, "Message-ID", Clean(email.MessageId));
                    break;
            }
        }

        foreach (var (name, value) in extra)
        {
            CheckName(name);
            UnstructuredHeader(sb, name, value);
        }

        Header(sb, "MIME-Version", "1.0");
        var seed = Seed(email.MessageId);
        var attachments = email.Attachments ?? [];
        if (attachments.Count == 0)
        {
            Body(sb, email, seed);
            return sb.Append("\r\n").ToString();
        }

        var mixed = Boundary(seed, "m");
        Header(sb, "Content-Type", $"multipart/mixed; boundary=\"{mixed}\"");
        sb.Append("\r\nThis is a multi-part message in MIME format.\r\n");
        sb.Append("--").Append(mixed).Append("\r\n");
        Body(sb, email, seed);
        foreach (var attachment in attachments)
        {
            sb.Append("\r\n--").Append(mixed).Append("\r\n");
            Attachment(sb, attachment);
        }

        sb.Append("\r\n--").Append(mixed).Append("--\r\n");
        return sb.ToString();
    }

    /// <summary>The body's headers and content: text alone, or text and HTML as multipart/alternative.</summary>
    private static void Body(StringBuilder sb, OutgoingEmail email, string seed)
    {
        if (email.HtmlBody is null)
        {
            TextPart(sb, "text/plain", email.TextBody);
            return;
        }

        var alternative = Boundary(seed, "a");
        Header(sb, "Content-Type", $"multipart/alternative; boundary=\"{alternative}\"");
        sb.Append("\r\n--").Append(alternative).Append("\r\n");
        TextPart(sb, "text/plain", email.TextBody);
        sb.Append("\r\n--").Append(alternative).Append("\r\n");
        TextPart(sb, "text/html", email.HtmlBody);
        sb.Append("\r\n--").Append(alternative).Append("--");
    }

    private static void TextPart(StringBuilder sb, string mediaType, string content)
    {
        Header(sb, "Content-Type", $"{mediaType}; charset=utf-8");
        Header(sb, "Content-Transfer-Encoding", "quoted-printable");
        sb.Append("\r\n");
        QuotedPrintable(sb, content);
    }

    private static void Attachment(StringBuilder sb, EmailAttachment attachment)
    {
        // Parsed to refuse a malformed type (FormatException: the outbox marks that permanent).
        var type = new ContentType(attachment.ContentType);
        var header = new StringBuilder(type.MediaType.ToLowerInvariant());
        foreach (var key in type.Parameters.Keys.Cast<string>())
        {
            if (key.Equals("name", StringComparison.OrdinalIgnoreCase) || key.Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            header.Append("; ").Append(key.ToLowerInvariant()).Append('=').Append(ParameterValue(type.Parameters[key] ?? ""));
        }

        var fileName = string.IsNullOrWhiteSpace(attachment.FileName) ? "attachment" : Clean(attachment.FileName);
        header.Append("; ").Append(FileNameParameter("name", fileName));
        Header(sb, "Content-Type", header.ToString());
        Header(sb, "Content-Transfer-Encoding", "base64");
        Header(sb, "Content-Disposition", "attachment; " + FileNameParameter("filename", fileName));
        sb.Append("\r\n");
        var base64 = Convert.ToBase64String(attachment.Content);
        for (var i = 0; i < base64.Length; i += QpLine)
        {
            if (i > 0)
            {
                sb.Append("\r\n");
            }

            sb.Append(base64, i, Math.Min(QpLine, base64.Length - i));
        }
    }

    /// <summary>
    /// RFC 2045 6.7: printable ASCII as itself (but '='), other bytes as =XX, whitespace before a
    /// line break encoded, encoded lines at most 76 characters with soft breaks, hard breaks as CRLF
    /// whatever the input used. A '.' opening a line is encoded too, so no relay ever reads it as the
    /// end of the data, and "From " likewise for mbox readers.
    /// </summary>
    internal static void QuotedPrintable(StringBuilder sb, string content)
    {
        Span<byte> bytes = stackalloc byte[4];
        var lineLength = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];

            // The common case first: a run of characters that stand for themselves, copied at once.
            if (lineLength > 0 && PlainQp.Contains(c))
            {
                var run = content.AsSpan(i).IndexOfAnyExcept(PlainQp);
                var length = run < 0 ? content.Length - i : run;
                var endsLine = i + length == content.Length || content[i + length] is '\r' or '\n';
                if (endsLine && content[i + length - 1] is ' ' or '\t')
                {
                    length--; // whitespace before a line break is encoded (below)
                }

                var room = QpLine - 1 - lineLength;
                if (length > 0 && room > 0)
                {
                    var take = Math.Min(length, room);
                    sb.Append(content, i, take);
                    lineLength += take;
                    i += take - 1;
                    continue;
                }
            }

            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
                {
                    i++;
                }

                sb.Append("\r\n");
                lineLength = 0;
                continue;
            }

            var atLineEnd = i + 1 == content.Length || content[i + 1] is '\r' or '\n';
            if (c is ' ' or '\t' && !atLineEnd)
            {
                Emit(sb, c, ref lineLength);
                continue;
            }

            if (c is >= '!' and <= '~' && c != '='
                && !(lineLength == 0 && c == '.')
                && !(lineLength == 0 && c == 'F' && string.CompareOrdinal(content, i, "From ", 0, 5) == 0))
            {
                Emit(sb, c, ref lineLength);
                continue;
            }

            // One character (a surrogate pair whole) as its UTF-8 bytes, each =XX, never split by a soft break.
            int count;
            if (char.IsHighSurrogate(c) && i + 1 < content.Length && char.IsLowSurrogate(content[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(content.AsSpan(i, 2), bytes);
                i++;
            }
            else
            {
                count = char.IsSurrogate(c) ? Encoding.UTF8.GetBytes("\uFFFD", bytes) : Encoding.UTF8.GetBytes([c], bytes);
            }

            if (lineLength + (count * 3) > QpLine - 1)
            {
                sb.Append("=\r\n");
                lineLength = 0;
            }

            for (var b = 0; b < count; b++)
            {
                sb.Append('=').Append(HexUpper(bytes[b] >> 4)).Append(HexUpper(bytes[b] & 0xF));
            }

            lineLength += count * 3;
        }
    }

    private static void Emit(StringBuilder sb, char c, ref int lineLength)
    {
        if (lineLength + 1 > QpLine - 1)
        {
            sb.Append("=\r\n");
            lineLength = 0;
        }

        sb.Append(c);
        lineLength++;
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static void AddressHeader(StringBuilder sb, string name, string value)
    {
        var address = new MailAddress(value); // FormatException for a malformed one: permanent
        var tokens = new List<string>();
        if (!string.IsNullOrWhiteSpace(address.DisplayName))
        {
            tokens.AddRange(Phrase(Clean(address.DisplayName).Trim()));
        }

        tokens.Add($"<{address.Address}>");
        Fold(sb, name, tokens);
    }

    /// <summary>A display name: as it is when it is plain words, quoted when it has specials, encoded-words when not ASCII.</summary>
    private static IEnumerable<string> Phrase(string display)
    {
        if (!IsAscii(display))
        {
            return EncodedWords(display);
        }

        if (display.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ' || "!#$%&'*+-/=?^_`{|}~".Contains(c)) && !display.Contains("=?", StringComparison.Ordinal))
        {
            return display.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        var quoted = "\"" + display.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return [quoted];
    }

    /// <summary>
    /// Unstructured text (RFC 5322 3.2.5): ASCII words as they are; each run of words holding
    /// non-ASCII (or something that looks like an encoded-word) becomes encoded-words, spaces inside
    /// the run included, since the space between two encoded-words is not part of the text.
    /// </summary>
    private static void UnstructuredHeader(StringBuilder sb, string name, string value)
    {
        var words = Clean(value).Split(' ');
        var tokens = new List<string>();
        var run = new StringBuilder();
        foreach (var word in words)
        {
            if (!IsAscii(word) || word.Contains("=?", StringComparison.Ordinal))
            {
                if (run.Length > 0)
                {
                    run.Append(' ');
                }

                run.Append(word);
                continue;
            }

            if (run.Length > 0)
            {
                tokens.AddRange(EncodedWords(run.ToString()));
                run.Clear();
            }

            tokens.Add(word);
        }

        if (run.Length > 0)
        {
            tokens.AddRange(EncodedWords(run.ToString()));
        }

        Fold(sb, name, tokens);
    }

    /// <summary>RFC 2047 "B" encoded-words of at most 75 characters, each holding whole characters.</summary>
    private static IEnumerable<string> EncodedWords(string text)
    {
        const int maxBytes = 45; // 60 base64 characters + "=?utf-8?B?" + "?=" = 72
        var chunk = new StringBuilder();
        var chunkBytes = 0;
        var runes = text.EnumerateRunes().ToList();
        foreach (var rune in runes)
        {
            if (chunkBytes + rune.Utf8SequenceLength > maxBytes)
            {
                yield return "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk.ToString())) + "?=";
                chunk.Clear();
                chunkBytes = 0;
            }

            chunk.Append(rune.ToString());
            chunkBytes += rune.Utf8SequenceLength;
        }

        if (chunk.Length > 0)
        {
            yield return "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk.ToString())) + "?=";
        }
    }

    /// <summary>A plain header whose value is ASCII already (dates, ids, media types): folded at spaces.</summary>
    private static void Header(StringBuilder sb, string name, string value) => Fold(sb, name, value.Split(' '));

    /// <summary>
    /// "Name: " and the tokens with one space between them, a line break (CRLF and the space) put
    /// before a token that would take the line past 78 characters. Unfolding (removing the CRLFs)
    /// gives back the value exactly. A single token that cannot fit in 998 characters is refused.
    /// </summary>
    private static void Fold(StringBuilder sb, string name, IEnumerable<string> tokens)
    {
        sb.Append(name).Append(':');
        var lineLength = name.Length + 1;
        var first = true;
        foreach (var token in tokens)
        {
            if (token.Length + 1 > MaxLine - 1)
            {
                throw new FormatException($"The {name} header has a word too long for one line ({token.Length} characters).");
            }

            if (!first && token.Length > 0 && lineLength + 1 + token.Length > FoldAt)
            {
                sb.Append("\r\n");
                lineLength = 0;
            }

            sb.Append(' ').Append(token);
            lineLength += 1 + token.Length;
            first = false;
        }

        sb.Append("\r\n");
    }

    private static string ParameterValue(string value)
    {
        if (value.Length > 0 && value.All(c => c is > ' ' and < '\x7f' && !"()<>@,;:\\\"/[]?=".Contains(c)))
        {
            return value;
        }

        if (!IsAscii(value))
        {
            throw new FormatException("A content-type parameter must be ASCII.");
        }

        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>An ASCII file name as a quoted string; any other as RFC 2231 <c>name*=utf-8''...</c>.</summary>
    private static string FileNameParameter(string key, string fileName)
    {
        if (IsAscii(fileName))
        {
            return key + "=\"" + fileName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }

        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(fileName))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
            }
        }

        return key + "*=utf-8''" + encoded;
    }

    /// <summary>Header text on one line: line breaks and other control characters become spaces (no header injection).</summary>
    private static string Clean(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return value;
        }

        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    private static void CheckName(string name)
    {
        if (name.Length == 0 || name.Any(c => c is <= ' ' or >= '\x7f' or ':'))
        {
            throw new FormatException($"'{name}' is not a header name.");
        }
    }

    private static bool IsAscii(string value) => Ascii.IsValid(value);

    private static string Seed(string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..24];

    /// <summary>"=_" cannot occur in quoted-printable or base64 content, so the boundary never appears in a part.</summary>
    private static string Boundary(string seed, string level) => $"=_{level}_{seed}";
}
