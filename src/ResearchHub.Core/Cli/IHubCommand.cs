using System.CommandLine;

namespace ResearchHub.Core.Cli;

/// <summary>
/// A verb a module adds to the host's command line (<c>search reindex</c>, <c>digests send-due</c>,
/// ...): registered by the module like its other contributions, so a new verb is a new class in the
/// module that owns the work, not an edit of the host. The host runs the verb instead of serving the
/// site; a verb migrates the database itself (<see cref="Data.DatabaseInitializer"/>) when it needs data.
/// </summary>
public interface IHubCommand
{
    /// <summary>The verb's command with its sub-commands, options and actions; <paramref name="services"/> is the built host's.</summary>
    Command Create(IServiceProvider services);
}
