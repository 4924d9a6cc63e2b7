namespace ResearchHub.Core.Email;

/// <summary>The "Hub:Mail" configuration section.</summary>
public sealed class MailOptions
{
    public const string Section = "Hub:Mail";

    public MailTransportKind Transport { get; set; } = MailTransportKind.Pickup;

    /// <summary>The From address of every message the hub sends.</summary>
    public string From { get; set; } = "ResearchHub <noreply@researchhub.localhost>";

    /// <summary>Pickup folder; defaults to App_Data/mail.</summary>
    public string? PickupFolder { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    public OutboxSettings Outbox { get; set; } = new();

    /// <summary>The one mailbox the hub reads over IMAP (replies to posts, unsubscribe requests, bounces); off by default.</summary>
    public InboundSettings Inbound { get; set; } = new();

    /// <summary>DKIM signing of every message, when a domain, a selector and a key file are set.</summary>
    public DkimSettings Dkim { get; set; } = new();
}
