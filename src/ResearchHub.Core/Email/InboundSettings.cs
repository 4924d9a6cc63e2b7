namespace ResearchHub.Core.Email;

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
