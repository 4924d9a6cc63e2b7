namespace ResearchHub.Core.Email;

public enum MailTransportKind
{
    /// <summary>Write each message as an .eml file under App_Data/mail (the first-run default).</summary>
    Pickup,
    /// <summary>Relay through an SMTP server.</summary>
    Smtp,
}

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

public sealed class DkimSettings
{
    /// <summary>The signing domain (d=), normally the From address's domain.</summary>
    public string? Domain { get; set; }
    /// <summary>The selector (s=): the public key is published at {Selector}._domainkey.{Domain}.</summary>
    public string? Selector { get; set; }
    /// <summary>An RSA private key in PEM (PKCS#1 or PKCS#8), e.g. from <c>openssl genrsa 2048</c>.</summary>
    public string? KeyFile { get; set; }
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>Upgrade the connection with STARTTLS (required: a relay that does not offer it is refused).</summary>
    public bool StartTls { get; set; }
    /// <summary>TLS from the first byte (SMTPS, port 465); wins over <see cref="StartTls"/>.</summary>
    public bool ImplicitTls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>An OAuth 2.0 access token for relays that need XOAUTH2 (Gmail, Microsoft 365); used instead of <see cref="Password"/>.</summary>
    public string? OAuthToken { get; set; }
    public int TimeoutSeconds { get; set; } = 60;
}

public sealed class OutboxSettings
{
    /// <summary>How often the worker looks for due messages.</summary>
    public double PollSeconds { get; set; } = 2;
    /// <summary>After this many failed attempts a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The first retry waits this long; each further retry doubles it, up to an hour.</summary>
    public double RetryBaseSeconds { get; set; } = 30;
    /// <summary>How long a worker owns a claimed message; longer than the SMTP timeout.</summary>
    public double LeaseSeconds { get; set; } = 180;
    /// <summary>Messages claimed at once (one statement) and sent over one SMTP session.</summary>
    public int BatchSize { get; set; } = 50;
    /// <summary>At most this many messages per second from this node (0: as fast as the relay takes them).</summary>
    public double MaxPerSecond { get; set; }
}

public sealed class InboundSettings
{
    /// <summary>Read the mailbox (off by default).</summary>
    public bool Enabled { get; set; }
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 993;
    /// <summary>TLS from the first byte (IMAPS, port 993).</summary>
    public bool ImplicitTls { get; set; } = true;
    /// <summary>Upgrade a plain connection with STARTTLS (port 143).</summary>
    public bool StartTls { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>Where new mail arrives.</summary>
    public string Folder { get; set; } = "INBOX";
    /// <summary>Where a processed message is moved (created when missing).</summary>
    public string ProcessedFolder { get; set; } = "Processed";
    public double PollSeconds { get; set; } = 60;
    public int TimeoutSeconds { get; set; } = 60;
}
