namespace ResearchHub.Core.Email;

/// <summary>
/// Where mail goes (an SMTP relay, the pickup folder). A sender opens a session for as many
/// messages as it has: for SMTP one session is one connection, reused from message to message.
/// </summary>
public interface IEmailTransport
{
    IEmailSession OpenSession();
}
