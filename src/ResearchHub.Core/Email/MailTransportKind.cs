namespace ResearchHub.Core.Email;

public enum MailTransportKind
{
    /// <summary>Write each message as an .eml file under App_Data/mail (the first-run default).</summary>
    Pickup,
    /// <summary>Relay through an SMTP server.</summary>
    Smtp,
}
