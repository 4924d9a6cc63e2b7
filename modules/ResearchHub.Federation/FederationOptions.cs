namespace ResearchHub.Federation;

/// <summary>"Hub:Federation" settings.</summary>
public sealed class FederationOptions
{
    public const string Section = "Hub:Federation";

    /// <summary>Records per ListRecords/ListIdentifiers page.</summary>
    public int OaiPageSize { get; set; } = 100;
    /// <summary>How long a resumption token stays valid.</summary>
    public int OaiTokenMinutes { get; set; } = 60;
    /// <summary>The repository part of OAI identifiers (oai:REPOSITORY:resource/ID); empty: the host of the site's address (SiteAddress).</summary>
    public string? OaiRepositoryIdentifier { get; set; }

    public HarvesterOptions Harvester { get; set; } = new();
}
