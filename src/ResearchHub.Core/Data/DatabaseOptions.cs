namespace ResearchHub.Core.Data;

/// <summary>The "Hub:Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Hub:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// For SQLite, defaults to App_Data/hub.db under the content root. For PostgreSQL, required
    /// (or taken from ConnectionStrings:Hub).
    /// </summary>
    public string? ConnectionString { get; set; }
}
