namespace ResearchHub.Library.Domain;

/// <summary>A contributing organisation (an Accounts organisation's id).</summary>
public sealed class ResourceOrganisation
{
    public long ResourceId { get; set; }
    public long OrganisationId { get; set; }
}
