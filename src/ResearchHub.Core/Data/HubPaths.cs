namespace ResearchHub.Core.Data;

/// <summary>Where the hub keeps what it writes to disk: the SQLite database, mail pickup folder, files.</summary>
public sealed class HubPaths
{
    public HubPaths(string appData)
    {
        AppData = Path.GetFullPath(appData);
        Directory.CreateDirectory(AppData);
    }

    /// <summary>"Hub:AppData", by default App_Data under the content root.</summary>
    public string AppData { get; }

    public string Combine(params string[] parts) => Path.Combine([AppData, .. parts]);
}
