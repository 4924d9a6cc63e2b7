namespace ResearchHub.Federation.Domain;

/// <summary>
/// A resource that was public and no longer is (unpublished, narrowed or deleted): OAI-PMH
/// harvesters must learn it is gone (deletedRecord "persistent"), so the record outlives the resource.
/// Removed again when the resource becomes public once more.
/// </summary>
public sealed class OaiTombstone
{
    /// <summary>The resource's id, which is also the tail of its OAI identifier.</summary>
    public long ResourceId { get; set; }
    public int Kind { get; set; }
    public long? OwnerOrganisationId { get; set; }
    public DateTimeOffset DeletedAt { get; set; }
}
