namespace ResearchHub.Core.Email;

/// <summary>
/// The node's one order of deliveries across its parallel SMTP sessions (<see cref="OutboxSettings.Sessions"/>).
/// A message about to be committed takes its place with <see cref="Next"/>: it hands over the task
/// of its own outcome being recorded and gets its predecessor's, which its transport waits for
/// before the step that delivers (the closing dot). So however many sessions send at once, every
/// message's envelope and content may overlap the others', but deliveries and their records
/// alternate: at most one message on this node is ever delivered and not yet recorded.
/// A singleton: every pass and every session of the node draws from the same chain.
/// </summary>
public sealed class OutboxSequencer
{
    private Task _last = Task.CompletedTask;

    /// <summary>Puts <paramref name="outcome"/> at the end of the chain; returns what it must wait for.</summary>
    public Task Next(Task outcome) => Interlocked.Exchange(ref _last, outcome);

    /// <summary>
    /// A new pass starts a new chain when the last one failed (a record that could not be written
    /// ended that pass, as it did with one session): its message is left to its lease, and sent again.
    /// </summary>
    public void Restart()
    {
        var last = Volatile.Read(ref _last);
        if (last.IsFaulted)
        {
            Interlocked.CompareExchange(ref _last, Task.CompletedTask, last);
        }
    }
}
