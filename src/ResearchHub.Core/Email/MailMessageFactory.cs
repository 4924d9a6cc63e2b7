using System.Globalization;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace ResearchHub.Core.Email;

/// <summary>Turns an <see cref="OutgoingEmail"/> into a System.Net.Mail message both transports send.</summary>
internal static class MailMessageFactory
{
    public static MailMessage Create(OutgoingEmail email)
    {
        var message = new MailMessage
        {
            From = new MailAddress(email.From),
            Subject = email.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        message.To.Add(new MailAddress(email.To));

        // Two alternative views make the body multipart/alternative: text first, HTML preferred.
        var text = AlternateView.CreateAlternateViewFromString(email.TextBody, Encoding.UTF8, MediaTypeNames.Text.Plain);
        text.TransferEncoding = TransferEncoding.QuotedPrintable;
        message.AlternateViews.Add(text);
        if (email.HtmlBody is not null)
        {
            var html = AlternateView.CreateAlternateViewFromString(email.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html);
            html.TransferEncoding = TransferEncoding.QuotedPrintable;
            message.AlternateViews.Add(html);
        }

        foreach (var attachment in email.Attachments ?? [])
        {
            // The stream is owned by the Attachment, which the MailMessage disposes.
            var part = new Attachment(new MemoryStream(attachment.Content), new ContentType(attachment.ContentType));
            part.ContentDisposition!.FileName = attachment.FileName;
            message.Attachments.Add(part);
        }

        message.Headers["Message-ID"] = email.MessageId;
        message.Headers["Date"] = email.Date.ToString("ddd, dd MMM yyyy HH':'mm':'ss '+0000'", CultureInfo.InvariantCulture);
        foreach (var (name, value) in email.Headers)
        {
            message.Headers[name] = value;
        }

        return message;
    }
}
