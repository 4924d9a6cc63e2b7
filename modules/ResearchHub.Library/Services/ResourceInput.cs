using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>What a form, the API or a recipe asks a resource to be. Checked by <see cref="ResourceService"/>.</summary>
public sealed class ResourceInput
{
    public ResourceKind Kind { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Body { get; set; }
    public long? OwnerOrganisationId { get; set; }
    public List<AuthorInput> Authors { get; set; } = [];
    public List<long> OrganisationIds { get; set; } = [];
    /// <summary>Terms of every vocabulary together.</summary>
    public List<long> TermIds { get; set; } = [];
    public List<long> QuestionIds { get; set; } = [];
    public DateOnly? PublicationDate { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public string? Licence { get; set; }
    public string? ExternalUrl { get; set; }
    public string? Doi { get; set; }
    public string? Language { get; set; }
    public EvaluationStatus? EvaluationStatus { get; set; }
    public string? KeyFindings { get; set; }
    public string? Publisher { get; set; }
    public long? SupersededById { get; set; }
}

/// <summary>The result of a change: the resource, or the errors that stopped it (nothing was saved).</summary>
public sealed record ResourceChange(Resource? Resource, ResourceErrors Errors, bool Forbidden = false, bool NotFound = false)
{
    public bool Succeeded => Resource is not null && Errors.IsValid && !Forbidden && !NotFound;
}
