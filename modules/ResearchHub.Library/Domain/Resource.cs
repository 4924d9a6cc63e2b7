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

public enum ResourceKind
{
    Evaluation = 0,
    Methodology = 1,
    StoryCodingScheme = 2,
    Toolkit = 3,
    CaseStudy = 4,
    LearningReport = 5,
    LiteratureReference = 6,
    DataSource = 7,
    Correspondence = 8,
}

/// <summary>Who may see a resource. The order matters: each step is seen by more people.</summary>
public enum ResourceVisibility
{
    /// <summary>Its author and its organisation's editors (and administrators).</summary>
    Draft = 0,
    /// <summary>Members of the owning organisation.</summary>
    Organisation = 1,
    /// <summary>Every signed-in member of the network.</summary>
    Network = 2,
    /// <summary>Everyone, signed in or not; the only visibility in feeds and anonymous API answers.</summary>
    Public = 3,
}

public enum EvaluationStatus
{
    Planned = 0,
    InProgress = 1,
    Interim = 2,
    Final = 3,
}

public sealed class ResourceAuthor
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    /// <summary>Stored as 0000-0000-0000-0000 (no URL prefix), checksum verified.</summary>
    public string? Orcid { get; set; }
}

/// <summary>A contributing organisation (an Accounts organisation's id).</summary>
public sealed class ResourceOrganisation
{
    public long ResourceId { get; set; }
    public long OrganisationId { get; set; }
}

public sealed class ResourceTerm
{
    public long ResourceId { get; set; }
    public long TermId { get; set; }
    public VocabularyTerm? Term { get; set; }
}

public sealed class ResourceQuestion
{
    public long ResourceId { get; set; }
    public long QuestionId { get; set; }
    public EvaluationQuestion? Question { get; set; }
}

/// <summary>
/// A file attached to a resource. The bytes are in the file store under <see cref="Sha256"/>; this
/// row is also the durable job of extracting the file's text (claimed by a lease, see TextExtractionService).
/// </summary>
public sealed class ResourceFile
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    /// <summary>The uploader's name for it, sanitised.</summary>
    public required string FileName { get; set; }
    /// <summary>As detected from the bytes, not as the browser claimed.</summary>
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public string? UploadedById { get; set; }

    public ExtractionState ExtractionState { get; set; }
    public string? ExtractedText { get; set; }
    /// <summary>Why the text could not be extracted, for the resource page.</summary>
    public string? ExtractionError { get; set; }
    public int ExtractionAttempts { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? ExtractedAt { get; set; }
}

public enum ExtractionState
{
    Pending = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>One thing that happened to a resource: who did what, when.</summary>
public sealed class ResourceEvent
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public string? Detail { get; set; }
}

public static class ResourceActions
{
    public const string Created = "created";
    public const string Edited = "edited";
    public const string Published = "published";
    public const string Unpublished = "unpublished";
    public const string FileAdded = "file-added";
    public const string FileRemoved = "file-removed";
    public const string Superseded = "superseded";
}

/// <summary>A snapshot (JSON) of a published resource as it was saved: metadata, body and file list.</summary>
public sealed class ResourceVersion
{
    public long Id { get; set; }
    public long ResourceId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public string? CreatedByName { get; set; }
    public required string SnapshotJson { get; set; }
}
