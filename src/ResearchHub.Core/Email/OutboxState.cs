namespace ResearchHub.Core.Email;

public enum OutboxState
{
    Pending = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}
