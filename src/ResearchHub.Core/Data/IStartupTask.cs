namespace ResearchHub.Core.Data;

/// <summary>
/// Work that must happen once per database before the site serves requests, after migrations:
/// applying the first-run recipe, creating the first administrator. Each task decides for itself
/// whether it has anything to do, so a second start does nothing twice.
/// </summary>
public interface IStartupTask
{
    /// <summary>Lower runs first.</summary>
    int Order { get; }

    Task RunAsync(IServiceProvider services, CancellationToken ct);
}
