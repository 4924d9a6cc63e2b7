namespace ResearchHub.Core.Email;

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
