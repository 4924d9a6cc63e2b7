namespace ResearchHub.Accounts.Domain;

/// <summary>A research partner, LAC site, network body or funder, with its members.</summary>
public sealed class Organisation
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    public string? Website { get; set; }
    /// <summary>The Research Organization Registry id (https://ror.org/...), when the organisation has one.</summary>
    public string? RorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<HubUser> Members { get; set; } = [];
}
