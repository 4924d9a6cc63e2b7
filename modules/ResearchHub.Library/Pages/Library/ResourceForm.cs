using System.Globalization;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Library.Pages.Library;

/// <summary>The form's fields, as posted (dates as text, so a bad one gets our message, not the binder's).</summary>
public sealed class ResourceForm
{
    public ResourceKind Kind { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Body { get; set; }
    public long? OwnerOrganisationId { get; set; }
    public List<AuthorInput> Authors { get; set; } = [];
    public List<long> OrganisationIds { get; set; } = [];
    public List<long> TermIds { get; set; } = [];
    public List<long> QuestionIds { get; set; } = [];
    public string? PublicationDate { get; set; }
    public string? PeriodStart { get; set; }
    public string? PeriodEnd { get; set; }
    public string? Licence { get; set; }
    public string? ExternalUrl { get; set; }
    public string? Doi { get; set; }
    public string? Language { get; set; } = "en";
    public EvaluationStatus? EvaluationStatus { get; set; }
    public string? KeyFindings { get; set; }
    public string? Publisher { get; set; }
    /// <summary>The newer resource's address or number, as an editor would paste it.</summary>
    public string? SupersededBy { get; set; }

    public static ResourceForm From(Resource r) => new()
    {
        Kind = r.Kind,
        Title = r.Title,
        Summary = r.Summary,
        Body = r.Body,
        OwnerOrganisationId = r.OwnerOrganisationId,
        Authors = r.Authors.OrderBy(a => a.Position).Select(a => new AuthorInput { Name = a.Name, Orcid = a.Orcid }).ToList(),
        OrganisationIds = r.Organisations.Select(o => o.OrganisationId).ToList(),
        TermIds = r.Terms.Select(t => t.TermId).ToList(),
        QuestionIds = r.Questions.Select(q => q.QuestionId).ToList(),
        PublicationDate = Format(r.PublicationDate),
        PeriodStart = Format(r.PeriodStart),
        PeriodEnd = Format(r.PeriodEnd),
        Licence = r.Licence,
        ExternalUrl = r.ExternalUrl,
        Doi = r.Doi,
        Language = r.Language,
        EvaluationStatus = r.EvaluationStatus,
        KeyFindings = r.KeyFindings,
        Publisher = r.Publisher,
        SupersededBy = r.SupersededById?.ToString(CultureInfo.InvariantCulture),
    };

    public ResourceInput ToInput(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState) => new()
    {
        Kind = Kind,
        Title = Title,
        Summary = Summary,
        Body = Body,
        OwnerOrganisationId = OwnerOrganisationId,
        Authors = Authors,
        OrganisationIds = OrganisationIds,
        TermIds = TermIds,
        QuestionIds = QuestionIds,
        PublicationDate = Parse(PublicationDate, nameof(PublicationDate), "publication date", modelState),
        PeriodStart = Parse(PeriodStart, nameof(PeriodStart), "start of the period", modelState),
        PeriodEnd = Parse(PeriodEnd, nameof(PeriodEnd), "end of the period", modelState),
        Licence = Licence,
        ExternalUrl = ExternalUrl,
        Doi = Doi,
        Language = Language,
        EvaluationStatus = EvaluationStatus,
        KeyFindings = KeyFindings,
        Publisher = Publisher,
        SupersededById = ParseResourceReference(SupersededBy, modelState),
    };

    /// <summary>"123", "/library/123/slug" or "https://hub/library/123" → 123.</summary>
    private static long? ParseResourceReference(string? text, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(?:.*/library/)?(\d{1,18})(?:[/?#].*)?$");
        if (match.Success)
        {
            return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        modelState.AddModelError("Input.SupersededBy", "Enter the newer resource's address (like /library/12/its-title) or its number.");
        return null;
    }

    private static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Parse(string? text, string field, string name, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        modelState.AddModelError("Input." + field, $"Enter the {name} as a real date, like 2019-05-31.");
        return null;
    }
}
