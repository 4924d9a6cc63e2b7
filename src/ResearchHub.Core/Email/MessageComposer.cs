using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace ResearchHub.Core.Email;

/// <summary>
/// Turns an <see cref="OutgoingEmail"/> into a MimeKit <see cref="MimeMessage"/>: text alone, or
/// text and HTML as multipart/alternative (text first: the last part is the preferred one),
/// attachments wrapping that in multipart/mixed. The message is prepared for 7-bit transport
/// (quoted-printable text, base64 attachments, RFC 2047 headers, RFC 2231 file names) before it is
/// DKIM-signed, so no relay, with or without 8BITMIME, has a reason to change a byte of it; and the
/// MIME boundaries derive from the Message-ID, so the bytes depend on the message alone. The SMTP
/// transport hands this message to MailKit with <see cref="Format"/>; the pickup folder writes
/// <see cref="Write(MimeMessage)"/>, the same bytes.
/// </summary>
public sealed class MessageComposer(IOptions<MailOptions> options)
{
    /// <summary>Headers the composer owns: a caller's extra header may not replace the message's structure.</summary>
    private static readonly HashSet<string> Structural = new(StringComparer.OrdinalIgnoreCase)
    {
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Bcc", "DKIM-Signature",
    };

    /// <summary>The headers a DKIM signature covers, when the message has them (RFC 6376 5.4.1, and the list headers receivers rely on).</summary>
    private static readonly string[] SignedHeaders =
    [
        "From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
        "List-Post", "List-Archive", "Auto-Submitted",
    ];

    private readonly Lazy<DkimSigner?> _signer = new(() => CreateSigner(options.Value.Dkim));

    /// <summary>
    /// How every message is written, by the pickup folder and by MailKit: CRLF line ends, 7-bit
    /// headers (no SMTPUTF8 needed), lines folded at 78 characters.
    /// </summary>
    public static FormatOptions Format { get; } = CreateFormat();

    /// <summary>Whether messages are DKIM-signed (Hub:Mail:Dkim configured).</summary>
    public bool Signs => _signer.Value is not null;

    /// <summary>Composes (and, when configured, signs) the message. Throws <see cref="FormatException"/> for an address that cannot be written.</summary>
    public MimeMessage Compose(OutgoingEmail email)
    {
        var message = new MimeMessage();
        message.From.Add(Mailbox(email.From));
        message.To.Add(Mailbox(email.To));
        message.Subject = email.Subject;
        message.Date = email.Date;
        message.MessageId = Unbracket(email.MessageId);

        foreach (var (name, value) in email.Headers)
        {
            if (Structural.Contains(name) || !IsFieldName(name))
            {
                continue;
            }

            switch (name.ToUpperInvariant())
            {
                case "MESSAGE-ID":
                    message.MessageId = Unbracket(value);
                    break;
                case "FROM":
                    message.From.Clear();
                    message.From.Add(Mailbox(value));
                    break;
                case "TO":
                    message.To.Clear();
                    message.To.Add(Mailbox(value));
                    break;
                case "SUBJECT":
                    message.Subject = value;
                    break;
                case "REPLY-TO":
                    message.ReplyTo.Clear();
                    message.ReplyTo.Add(Mailbox(value));
                    break;
                case "IN-REPLY-TO":
                    message.InReplyTo = Unbracket(value);
                    break;
                case "REFERENCES":
                    message.References.Clear();
                    foreach (var id in value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        message.References.Add(Unbracket(id));
                    }

                    break;
                default:
                    message.Headers.Add(ExtraHeader(name, value));
                    break;
            }
        }

        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId ?? email.MessageId));
        MimeEntity body = Text("plain", email.TextBody);
        if (email.HtmlBody is not null)
        {
            var alternative = new MultipartAlternative { Boundary = Boundary(seed, 'a') };
            alternative.Add(body);
            alternative.Add(Text("html", email.HtmlBody));
            body = alternative;
        }

        if (email.Attachments is { Count: > 0 } attachments)
        {
            var mixed = new Multipart("mixed") { Boundary = Boundary(seed, 'm') };
            mixed.Add(body);
            foreach (var attachment in attachments)
            {
                mixed.Add(new MimePart(ContentType.Parse(attachment.ContentType))
                {
                    Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = attachment.FileName,
                });
            }

            body = mixed;
        }

        message.Body = body;
        message.Prepare(EncodingConstraint.SevenBit, 78);
        if (_signer.Value is { } signer)
        {
            signer.Sign(Format, message, SignedHeaders.Where(h => message.Headers.Contains(h)).ToArray());
        }

        return message;
    }

    /// <summary>The message's bytes, exactly as MailKit writes them to the relay after DATA.</summary>
    public static byte[] Write(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(Format, buffer);
        return buffer.ToArray();
    }

    /// <summary>Composes and writes (for the pickup folder and for tests).</summary>
    public byte[] Write(OutgoingEmail email) => Write(Compose(email));

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        format.MaxLineLength = 78;
        format.EnsureNewLine = true;
        return format;
    }

    private static TextPart Text(string subtype, string text)
    {
        // One kind of line end in, CRLF out (the format's Dos new lines); quoted-printable keeps
        // long lines, trailing spaces and non-ASCII safe over any relay; always UTF-8.
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'));
        return part;
    }

    private static string Boundary(byte[] seed, char kind) => $"=_{kind}{Convert.ToHexStringLower(seed.AsSpan(0, 12))}";

    private static MailboxAddress Mailbox(string address)
    {
        try
        {
            return MailboxAddress.Parse(ParserOptions.Default, address);
        }
        catch (ParseException ex)
        {
            throw new FormatException($"Not an email address: {address}", ex);
        }
    }

    /// <summary>
    /// A caller's header. MimeKit would fold a long ASCII value before its first token (a reader
    /// then sees a leading space), so ASCII values are written as they are, folded only after the
    /// commas of a list (List-Unsubscribe's URLs); other values are MimeKit's RFC 2047 encoding.
    /// </summary>
    private static Header ExtraHeader(string name, string value)
    {
        value = value.ReplaceLineEndings(" ");
        if (!System.Text.Ascii.IsValid(value))
        {
            return new Header(name, value);
        }

        var raw = new StringBuilder(" ");
        var line = name.Length + 2;
        var items = value.Split(", ");
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i] + (i < items.Length - 1 ? "," : "");
            if (i > 0)
            {
                var fold = line + 1 + item.Length > 78;
                raw.Append(fold ? "\r\n " : " ");
                line = fold ? 1 : line + 1;
            }

            raw.Append(item);
            line += item.Length;
        }

        var header = new Header(name, "");
        header.SetRawValue(Encoding.ASCII.GetBytes(raw.Append("\r\n").ToString()));
        return header;
    }

    private static string Unbracket(string id) => id.Trim().TrimStart('<').TrimEnd('>');

    private static bool IsFieldName(string name) => name.Length > 0 && name.All(c => c is > ' ' and < (char)127 and not ':');

    private static DkimSigner? CreateSigner(DkimSettings dkim)
    {
        if (string.IsNullOrWhiteSpace(dkim.Domain) || string.IsNullOrWhiteSpace(dkim.Selector) || string.IsNullOrWhiteSpace(dkim.KeyFile))
        {
            return null;
        }

        return new DkimSigner(dkim.KeyFile, dkim.Domain, dkim.Selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
    }
}
