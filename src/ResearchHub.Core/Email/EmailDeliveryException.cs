namespace ResearchHub.Core.Email;

/// <summary>A delivery failure, marked permanent when retrying cannot help (a rejected recipient, a bad address).</summary>
public sealed class EmailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
