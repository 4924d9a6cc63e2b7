namespace ResearchHub.Library.Domain;

/// <summary>Which fields a kind of resource shows and requires, and how it is named and cited.</summary>
public sealed record KindInfo(
    ResourceKind Kind,
    string Slug,
    string Name,
    string Plural,
    string Description,
    bool ShowsEvaluationFields,
    bool RequiresAuthors,
    bool RequiresPublicationDate,
    bool ShowsPeriod,
    bool ShowsPublisher,
    bool ShowsMeasures,
    string BibTexType,
    string RisType,
    string CslType);

public static class ResourceKinds
{
    public static readonly IReadOnlyList<KindInfo> All =
    [
        new(ResourceKind.Evaluation, "evaluation", "Evaluation", "Evaluations",
            "An evaluation of a Local Area Coordination programme or part of one: its questions, methods, findings and reports.",
            ShowsEvaluationFields: true, RequiresAuthors: true, RequiresPublicationDate: false, ShowsPeriod: true, ShowsPublisher: false, ShowsMeasures: true,
            "techreport", "RPRT", "report"),
        new(ResourceKind.Methodology, "methodology", "Methodology", "Methodologies",
            "An approach to evaluating or researching: design, instruments, analysis plans.",
            false, true, false, false, false, true, "misc", "GEN", "report"),
        new(ResourceKind.StoryCodingScheme, "story-coding-scheme", "Story-coding scheme", "Story-coding schemes",
            "A scheme for coding the stories LAC participants tell (the record; the codebook itself lives with the codebooks).",
            false, true, false, false, false, false, "misc", "GEN", "dataset"),
        new(ResourceKind.Toolkit, "toolkit", "Toolkit", "Toolkits",
            "Practical tools, templates and guidance for practitioners or evaluators.",
            false, false, false, false, false, false, "misc", "GEN", "document"),
        new(ResourceKind.CaseStudy, "case-study", "Case study", "Case studies",
            "The story of one place, project or person, told to share what was learnt.",
            false, false, false, true, false, false, "misc", "CASE", "report"),
        new(ResourceKind.LearningReport, "learning-report", "Learning or event report", "Learning and event reports",
            "What was learnt at an event or learning day, or a summary of a meeting's conversations.",
            false, false, true, false, false, false, "techreport", "RPRT", "report"),
        new(ResourceKind.LiteratureReference, "literature-reference", "Literature reference", "Literature references",
            "A reference to published literature: an article, book, report or blog post elsewhere.",
            false, true, false, false, true, false, "article", "JOUR", "article"),
        new(ResourceKind.DataSource, "data-source", "Data source", "Data sources",
            "Knowledge about a source of data: what it holds, who keeps it, how to get access.",
            false, false, false, true, true, true, "misc", "DATA", "dataset"),
        new(ResourceKind.Correspondence, "correspondence", "Correspondence or note", "Correspondence and notes",
            "A letter, note or record of correspondence shared with the network.",
            false, false, false, false, false, false, "misc", "PCOMM", "personal_communication"),
    ];

    public static KindInfo Get(ResourceKind kind) => All.First(k => k.Kind == kind);

    public static KindInfo? FindBySlug(string? slug) => All.FirstOrDefault(k => string.Equals(k.Slug, slug, StringComparison.OrdinalIgnoreCase));

    /// <summary>Accepts the slug ("case-study") or the enum name ("CaseStudy").</summary>
    public static bool TryParse(string? value, out ResourceKind kind)
    {
        var bySlug = FindBySlug(value);
        if (bySlug is not null)
        {
            kind = bySlug.Kind;
            return true;
        }

        return Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _);
    }
}

public static class Visibilities
{
    public static string DisplayName(ResourceVisibility visibility) => visibility switch
    {
        ResourceVisibility.Draft => "Draft",
        ResourceVisibility.Organisation => "Own organisation",
        ResourceVisibility.Network => "Network members",
        ResourceVisibility.Public => "Public",
        _ => visibility.ToString(),
    };

    public static string Describe(ResourceVisibility visibility) => visibility switch
    {
        ResourceVisibility.Draft => "Only its author, its organisation's editors and administrators can see it.",
        ResourceVisibility.Organisation => "Members of its organisation can see it.",
        ResourceVisibility.Network => "Every signed-in member of the network can see it.",
        ResourceVisibility.Public => "Everyone can see it, without signing in.",
        _ => "",
    };

    /// <summary>The theme's tag colour for a visibility.</summary>
    public static string TagClass(ResourceVisibility visibility) => visibility switch
    {
        ResourceVisibility.Public => "tag tag--green",
        ResourceVisibility.Network => "tag tag--blue",
        ResourceVisibility.Organisation => "tag",
        _ => "tag tag--grey",
    };

    /// <summary>"public", "network", "organisation", "draft": the API's and recipes' spelling.</summary>
    public static string Code(ResourceVisibility visibility) => visibility.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out ResourceVisibility visibility) =>
        Enum.TryParse(value, ignoreCase: true, out visibility) && Enum.IsDefined(visibility) && !int.TryParse(value, out _);
}

public static class EvaluationStatuses
{
    public static string DisplayName(EvaluationStatus status) => status switch
    {
        EvaluationStatus.Planned => "Planned",
        EvaluationStatus.InProgress => "In progress",
        EvaluationStatus.Interim => "Interim findings",
        EvaluationStatus.Final => "Final",
        _ => status.ToString(),
    };

    public static bool TryParse(string? value, out EvaluationStatus status) =>
        Enum.TryParse((value ?? "").Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out status)
        && Enum.IsDefined(status) && !int.TryParse(value, out _);
}
