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
