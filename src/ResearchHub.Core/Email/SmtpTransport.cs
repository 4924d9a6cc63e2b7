using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace ResearchHub.Core.Email;

/// <summary>Relays through an SMTP server with System.Net.Mail (STARTTLS and credentials when configured).</summary>
public sealed class SmtpTransport(IOptions<MailOptions> options) : IEmailTransport
{
    public async Task<DeliveryReceipt> SendAsync(OutgoingEmail message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.StartTls,
            Timeout = smtp.TimeoutSeconds * 1000,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        using var mail = MailMessageFactory.Create(message);
        try
        {
            await client.SendMailAsync(mail, ct);
        }
        catch (SmtpFailedRecipientException ex)
        {
            throw new EmailDeliveryException($"{ex.StatusCode}: {ex.Message}", IsPermanent(ex.StatusCode), ex);
        }
        catch (SmtpException ex)
        {
            throw new EmailDeliveryException($"{ex.StatusCode}: {ex.Message}", IsPermanent(ex.StatusCode), ex);
        }

        return new DeliveryReceipt(null);
    }

    /// <summary>5xx replies are permanent; 4xx and connection failures (GeneralFailure) are worth retrying.</summary>
    private static bool IsPermanent(SmtpStatusCode code) => (int)code is >= 500 and < 600;
}
