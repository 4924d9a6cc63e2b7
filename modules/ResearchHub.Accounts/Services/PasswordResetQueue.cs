using System.Threading.Channels;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Addresses someone asked a reset link for, handed from the forgot-password page to
/// <see cref="PasswordResetWorker"/>. The page does the same work for every address (one write
/// here) and answers at once; looking the address up, making the token and queuing the mail happen
/// after the answer, so its timing cannot tell a member's address from a stranger's. Held in
/// memory: a request lost to a crash is asked again by the person waiting for the mail, and the
/// queue is bounded (the page is rate-limited; beyond the bound new requests are dropped).
/// </summary>
public sealed class PasswordResetQueue
{
    private readonly Channel<string> channel = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Request(string email) => channel.Writer.TryWrite(email);

    internal ChannelReader<string> Reader => channel.Reader;
}
