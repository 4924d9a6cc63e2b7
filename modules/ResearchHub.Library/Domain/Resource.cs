namespace ResearchHub.Library.Domain;

/// <summary>
/// One item in the library: an evaluation, a methodology, a toolkit, ... One model for every kind
/// (the kind decides which fields the forms show and require), owned by an organisation, with a
/// visibility that every read path applies in its query.
/// </summary>
public sealed class Resource
{
    public long Id { get; set; }
    /// <summary>Unique, readable, stable: the natural key recipes match on and the URL's tail.</summary>
    public required string Slug { get; set; }
    public ResourceKind Kind { get; set; }
    public required string Title { get; set; }
    public string Summary { get; set; } = "";
    /// <summary>Markdown.</summary>
    public string Body { get; set; } = "";

    /// <summary>The organisation whose editors manage it (an Accounts organisation's id).</summary>
    public long? OwnerOrganisationId { get; set; }
    public ResourceVisibility Visibility { get; set; }

    public DateOnly? PublicationDate { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public string? Licence { get; set; }
    public string? ExternalUrl { get; set; }
    public string? Doi { get; set; }
    /// <summary>BCP 47 tag ("en", "en-GB", "gd").</summary>
    public string Language { get; set; } = "en";

    // Evaluation-specific.
    public EvaluationStatus? EvaluationStatus { get; set; }
    public string? KeyFindings { get; set; }

    // Literature references and data sources: where the thing itself was published or is held.
    public string? Publisher { get; set; }

    public long? SupersededById { get; set; }

    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When it last left Draft (for "recently published" and the feed).</summary>
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>The number of the latest version kept (0 while it has never been published).</summary>
    public int VersionCount { get; set; }

    public List<ResourceAuthor> Authors { get; set; } = [];
    public List<ResourceOrganisation> Organisations { get; set; } = [];
    public List<ResourceTerm> Terms { get; set; } = [];
    public List<ResourceQuestion> Questions { get; set; } = [];
    public List<ResourceFile> Files { get; set; } = [];

    /// <summary>The year a reader would cite and filter by: the publication date's, else the end of the period's.</summary>
    public int? Year => PublicationDate?.Year ?? PeriodEnd?.Year;
}
