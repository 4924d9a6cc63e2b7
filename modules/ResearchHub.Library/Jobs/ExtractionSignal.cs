namespace ResearchHub.Library.Jobs;

/// <summary>Lets an upload wake the extraction worker at once instead of at its next poll.</summary>
public sealed class ExtractionSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken: one pass will handle everything that is due.
            }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
