using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Library.Api;

public sealed record AuthorDto(string Name, string? Orcid);

public sealed record OrganisationRef(long Id, string Name);

public sealed record TermDto(string Key, string Label);

public sealed record FileDto(long Id, string Name, string ContentType, long Length, string Sha256, string Url, string TextExtraction, string? TextExtractionError);

public sealed record ResourceDto(
    long Id,
    string Slug,
    string Kind,
    string Title,
    string Summary,
    string? Body,
    string Visibility,
    OrganisationRef? Owner,
    IReadOnlyList<AuthorDto> Authors,
    IReadOnlyList<OrganisationRef> Organisations,
    IReadOnlyDictionary<string, IReadOnlyList<TermDto>> Terms,
    IReadOnlyList<string> EvaluationQuestions,
    DateOnly? PublicationDate,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string? Licence,
    string? ExternalUrl,
    string? Doi,
    string Language,
    string? EvaluationStatus,
    string? KeyFindings,
    string? Publisher,
    long? SupersededById,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    IReadOnlyList<FileDto> Files,
    string Url);

/// <param name="Terms">Vocabulary key ("sites", "practice-areas", "methods", "measures") to term keys.</param>
/// <param name="EvaluationQuestions">Evaluation question keys.</param>
/// <param name="Visibility">"draft", "organisation", "network" or "public"; a change is recorded as publishing or unpublishing.</param>
public sealed record ResourceRequest(
    string Kind,
    string Title,
    string? Summary,
    string? Body,
    long? OwnerOrganisationId,
    IReadOnlyList<AuthorDto>? Authors,
    IReadOnlyList<long>? OrganisationIds,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Terms,
    IReadOnlyList<string>? EvaluationQuestions,
    DateOnly? PublicationDate,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string? Licence,
    string? ExternalUrl,
    string? Doi,
    string? Language,
    string? EvaluationStatus,
    string? KeyFindings,
    string? Publisher,
    long? SupersededById,
    string? Visibility);

/// <summary>
/// /api/v1/resources. Reading works without a token (public resources only) or with a token
/// carrying "read" (what its owner may see); changing needs "write" and the owner's edit rights.
/// </summary>
public static class ResourcesEndpoints
{
    public static void MapResourcesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/resources").WithTags("Library");
        api.MapGet("/", ListAsync).AcceptsScope(LibraryApiScopes.Read).WithName("listResources").WithSummary("List the resources the caller may see");
        api.MapGet("/{id:long}", GetAsync).AcceptsScope(LibraryApiScopes.Read).WithName("getResource").WithSummary("One resource with its body and files");

        const string write = LibraryApiScopes.Write;
        api.MapPost("/", CreateAsync).RequireScope(write).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("createResource").WithSummary("Create a resource (a draft unless a visibility is given)");
        api.MapPut("/{id:long}", UpdateAsync).RequireScope(write).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("updateResource").WithSummary("Replace a resource's metadata");
        api.MapDelete("/{id:long}", DeleteAsync).RequireScope(write).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("deleteResource").WithSummary("Delete a resource");
        api.MapPost("/{id:long}/files", UploadAsync).RequireScope(write).DisableAntiforgery()
            .WithMetadata(new FileUploadMetadata("The file: the first file part of a multipart/form-data body, or the raw body with ?name= giving its file name.", MultipartField: "file"))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("uploadResourceFile").WithSummary("Attach a file to a resource");
        api.MapDelete("/{id:long}/files/{fileId:long}", RemoveFileAsync).RequireScope(write).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("deleteResourceFile").WithSummary("Remove a file from a resource");
    }

    /// <summary>
    /// Reading endpoints allow anonymous callers but must recognise a token: the default scheme is
    /// the cookie, so the bearer scheme is asked explicitly. A token that fails is an error, never
    /// a silent downgrade to anonymous.
    /// </summary>
    private static async Task<(LibraryViewer? Viewer, ProblemHttpResult? Error)> ReaderAsync(HttpContext http, LibraryViewerFactory viewers, CancellationToken ct)
    {
        var (principal, error) = await ApiScopeEndpoints.OptionalCallerAsync(http, LibraryApiScopes.Read);
        if (error is not null)
        {
            return (null, error);
        }

        return (principal is null ? LibraryViewer.Anonymous : await viewers.ForAsync(principal, ct), null);
    }

    /// <param name="page">The page, from 1.</param>
    /// <param name="pageSize">Resources per page, 20 unless asked; at most 100.</param>
    private static async Task<Results<Ok<Paged<ResourceDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext http, int? page, int? pageSize, LibraryViewerFactory viewers, ResourceQueries queries, PublicUrls urls, CancellationToken ct)
    {
        var (viewer, error) = await ReaderAsync(http, viewers, ct);
        var (request, pageError) = ApiPaging.Read(page, pageSize);
        if (error is not null)
        {
            return error;
        }

        if (pageError is not null)
        {
            return pageError;
        }

        var filter = ResourceFilterQuery.Parse(http.Request.Query) with { Page = request!.Page, PageSize = request.PageSize };
        var found = await queries.PageAsync(viewer!, filter, withFacets: false, ct);
        var names = await queries.OrganisationNamesAsync(ct);
        return TypedResults.Ok(ApiPaging.Page(http, urls, [.. found.Items.Select(i => ToDto(i.Resource, names, urls, includeBody: false))], found.Total, request));
    }

    private static async Task<Results<Ok<ResourceDto>, NotFound, ProblemHttpResult>> GetAsync(long id, HttpContext http, LibraryViewerFactory viewers, ResourceService service,
        ResourceQueries queries, HubDbContext db, PublicUrls urls, CancellationToken ct)
    {
        var (viewer, error) = await ReaderAsync(http, viewers, ct);
        if (error is not null)
        {
            return error;
        }

        if (!await db.Set<Resource>().VisibleTo(viewer!).AnyAsync(r => r.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var resource = (await service.LoadAsync(id, ct))!;
        return TypedResults.Ok(ToDto(resource, await queries.OrganisationNamesAsync(ct), urls, includeBody: true));
    }

    private static async Task<Results<Created<ResourceDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(ResourceRequest request, ClaimsPrincipal user, LibraryViewerFactory viewers,
        ResourceService service, VocabularyService vocabularies, ResourceQueries queries, PublicUrls urls, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(user, ct);
        var (input, errors) = await ToInputAsync(request, vocabularies, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var change = await service.CreateAsync(input, viewer, ct);
        if (change.Forbidden)
        {
            return TypedResults.Problem(change.Errors.Values.FirstOrDefault() ?? "Forbidden.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!change.Succeeded)
        {
            return Problems(change.Errors);
        }

        var id = change.Resource!.Id;
        if (ParseVisibility(request.Visibility) is { } visibility && visibility != ResourceVisibility.Draft)
        {
            var published = await service.SetVisibilityAsync(id, visibility, viewer, ct);
            if (!published.Errors.IsValid)
            {
                return Problems(published.Errors);
            }
        }

        var resource = (await service.LoadAsync(id, ct))!;
        return TypedResults.Created($"/api/v1/resources/{id}", ToDto(resource, await queries.OrganisationNamesAsync(ct), urls, includeBody: true));
    }

    private static async Task<Results<Ok<ResourceDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(long id, ResourceRequest request, ClaimsPrincipal user, LibraryViewerFactory viewers,
        ResourceService service, VocabularyService vocabularies, ResourceQueries queries, HubDbContext db, PublicUrls urls, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(user, ct);
        if (!await db.Set<Resource>().VisibleTo(viewer).AnyAsync(r => r.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var (input, errors) = await ToInputAsync(request, vocabularies, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var change = await service.UpdateAsync(id, input, viewer, ct);
        if (change.NotFound)
        {
            return TypedResults.NotFound();
        }

        if (change.Forbidden)
        {
            return TypedResults.Problem("You cannot change this resource.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!change.Succeeded)
        {
            return Problems(change.Errors);
        }

        if (ParseVisibility(request.Visibility) is { } visibility)
        {
            var published = await service.SetVisibilityAsync(id, visibility, viewer, ct);
            if (!published.Errors.IsValid)
            {
                return Problems(published.Errors);
            }
        }

        var resource = (await service.LoadAsync(id, ct))!;
        return TypedResults.Ok(ToDto(resource, await queries.OrganisationNamesAsync(ct), urls, includeBody: true));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(long id, ClaimsPrincipal user, LibraryViewerFactory viewers, ResourceService service, HubDbContext db, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(user, ct);
        if (!await db.Set<Resource>().VisibleTo(viewer).AnyAsync(r => r.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var change = await service.DeleteAsync(id, viewer, ct);
        return change.Forbidden ? TypedResults.Problem("You cannot delete this resource.", statusCode: StatusCodes.Status403Forbidden)
            : change.NotFound ? TypedResults.NotFound()
            : TypedResults.NoContent();
    }

    /// <summary>
    /// The file is read straight from the request (multipart, first file part; or the raw body with
    /// ?name=), streamed into the store, which stops at the size limit: nothing is buffered in full.
    /// </summary>
    private static async Task<Results<Created<FileDto>, NotFound, ProblemHttpResult>> UploadAsync(long id, HttpContext http, LibraryViewerFactory viewers, ResourceService service,
        HubDbContext db, IOptions<LibraryOptions> options, PublicUrls urls, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(http.User, ct);
        if (!await db.Set<Resource>().VisibleTo(viewer).AnyAsync(r => r.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var max = options.Value.MaxUploadBytes;
        var tooLarge = $"The file is too large: the limit is {FileSizes.Format(max)}.";
        if (http.Request.ContentLength > max + 1024 * 1024)
        {
            // Refused before a byte is read: the server would otherwise stop the body with an error of its own.
            return TypedResults.Problem(tooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1024 * 1024;
        }

        FileUploadResult result;
        try
        {
            Stream? content = null;
            string? name = http.Request.Query["name"];
            MultipartSection? section = null;
            if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
                && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
                if (string.IsNullOrEmpty(boundary))
                {
                    return TypedResults.Problem("The multipart request has no boundary.", statusCode: StatusCodes.Status400BadRequest);
                }

                var reader = new MultipartReader(boundary, http.Request.Body);
                while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
                {
                    if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                    {
                        name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                        content = section.Body;
                        break;
                    }
                }

                if (content is null)
                {
                    return TypedResults.Problem("The request has no file part.", statusCode: StatusCodes.Status400BadRequest);
                }
            }
            else
            {
                content = http.Request.Body;
            }

            result = await service.AddFileAsync(id, content, name, viewer, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(tooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            // A multipart body that cannot be read (a broken part header, a line break in a file name).
            return TypedResults.Problem($"The multipart request could not be read: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (result.NotFound)
        {
            return TypedResults.NotFound();
        }

        if (result.Forbidden)
        {
            return TypedResults.Problem(result.Problem, statusCode: StatusCodes.Status403Forbidden);
        }

        if (result.File is null)
        {
            return TypedResults.Problem(result.Problem, statusCode: result.Problem!.StartsWith("The file is too large", StringComparison.Ordinal)
                ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity);
        }

        return TypedResults.Created($"/api/v1/resources/{id}", ToFileDto(id, result.File, urls));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveFileAsync(long id, long fileId, ClaimsPrincipal user, LibraryViewerFactory viewers, ResourceService service, HubDbContext db, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(user, ct);
        if (!await db.Set<Resource>().VisibleTo(viewer).AnyAsync(r => r.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        var change = await service.RemoveFileAsync(id, fileId, viewer, ct);
        return change.Forbidden ? TypedResults.Problem("You cannot change this resource.", statusCode: StatusCodes.Status403Forbidden)
            : change.NotFound ? TypedResults.NotFound()
            : TypedResults.NoContent();
    }

    private static ResourceVisibility? ParseVisibility(string? value) =>
        Visibilities.TryParse(value, out var visibility) ? visibility : null;

    private static async Task<(ResourceInput Input, Dictionary<string, string[]> Errors)> ToInputAsync(
        ResourceRequest request, VocabularyService vocabularies, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ResourceKinds.TryParse(request.Kind, out var kind))
        {
            errors["kind"] = [$"Unknown kind \"{request.Kind}\"; one of {string.Join(", ", ResourceKinds.All.Select(k => k.Slug))}."];
        }
        else
        {
            // The site's form hides the fields a kind does not have, and the service drops them; a
            // machine that sends one is told, rather than answered 201 without it.
            foreach (var (field, message) in InapplicableFields(ResourceKinds.Get(kind), request))
            {
                errors[field] = [message];
            }
        }

        if (request.Visibility is not null && ParseVisibility(request.Visibility) is null)
        {
            errors["visibility"] = ["One of draft, organisation, network, public."];
        }

        EvaluationStatus? status = null;
        if (request.EvaluationStatus is not null)
        {
            if (EvaluationStatuses.TryParse(request.EvaluationStatus, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["evaluationStatus"] = ["One of planned, in-progress, interim, final."];
            }
        }

        var (termIds, unknownTerms) = await vocabularies.ResolveTermsAsync(request.Terms, ct);
        if (unknownTerms.Count > 0)
        {
            errors["terms"] = [$"Unknown terms: {string.Join(", ", unknownTerms)}."];
        }

        var (questionIds, unknownQuestions) = await vocabularies.ResolveQuestionsAsync(request.EvaluationQuestions, ct);
        if (unknownQuestions.Count > 0)
        {
            errors["evaluationQuestions"] = [$"Unknown evaluation questions: {string.Join(", ", unknownQuestions)}."];
        }

        var input = new ResourceInput
        {
            Kind = kind,
            Title = request.Title,
            Summary = request.Summary,
            Body = request.Body,
            OwnerOrganisationId = request.OwnerOrganisationId,
            Authors = (request.Authors ?? []).Select(a => new AuthorInput { Name = a.Name, Orcid = a.Orcid }).ToList(),
            OrganisationIds = [.. request.OrganisationIds ?? []],
            TermIds = termIds,
            QuestionIds = questionIds,
            PublicationDate = request.PublicationDate,
            PeriodStart = request.PeriodStart,
            PeriodEnd = request.PeriodEnd,
            Licence = request.Licence,
            ExternalUrl = request.ExternalUrl,
            Doi = request.Doi,
            Language = request.Language,
            EvaluationStatus = status,
            KeyFindings = request.KeyFindings,
            Publisher = request.Publisher,
            SupersededById = request.SupersededById,
        };
        return (input, errors);
    }

    private static IEnumerable<(string Field, string Message)> InapplicableFields(KindInfo kind, ResourceRequest request)
    {
        string Message(string field, Func<KindInfo, bool> has) =>
            $"A {kind.Name.ToLowerInvariant()} has no {field}: leave it out, or choose a kind that has one ({string.Join(", ", ResourceKinds.All.Where(has).Select(k => k.Slug))}).";

        if (!kind.ShowsPublisher && !string.IsNullOrWhiteSpace(request.Publisher))
        {
            yield return ("publisher", Message("publisher", k => k.ShowsPublisher));
        }

        if (!kind.ShowsPeriod && (request.PeriodStart is not null || request.PeriodEnd is not null))
        {
            yield return (request.PeriodStart is not null ? "periodStart" : "periodEnd", Message("period", k => k.ShowsPeriod));
        }

        if (!kind.ShowsEvaluationFields)
        {
            if (request.EvaluationStatus is not null)
            {
                yield return ("evaluationStatus", Message("evaluation status", k => k.ShowsEvaluationFields));
            }

            if (!string.IsNullOrWhiteSpace(request.KeyFindings))
            {
                yield return ("keyFindings", Message("key findings", k => k.ShowsEvaluationFields));
            }

            if (request.EvaluationQuestions is { Count: > 0 })
            {
                yield return ("evaluationQuestions", Message("evaluation questions", k => k.ShowsEvaluationFields));
            }
        }
    }

    private static ValidationProblem Problems(ResourceErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key.Length == 0 ? "resource" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }));

    public static ResourceDto ToDto(Resource r, IReadOnlyDictionary<long, string> names, PublicUrls urls, bool includeBody)
    {
        OrganisationRef? Ref(long? id) => id is { } x ? new OrganisationRef(x, names.GetValueOrDefault(x, "")) : null;
        return new ResourceDto(
            r.Id,
            r.Slug,
            ResourceKinds.Get(r.Kind).Slug,
            r.Title,
            r.Summary,
            includeBody ? r.Body : null,
            Visibilities.Code(r.Visibility),
            Ref(r.OwnerOrganisationId),
            r.Authors.OrderBy(a => a.Position).Select(a => new AuthorDto(a.Name, a.Orcid)).ToList(),
            r.Organisations.Select(o => Ref(o.OrganisationId)!).ToList(),
            r.Terms.Where(t => t.Term is not null).GroupBy(t => t.Term!.Vocabulary)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<TermDto>)g.Select(t => new TermDto(t.Term!.Key, t.Term.Label)).ToList()),
            r.Questions.Where(q => q.Question is not null).Select(q => q.Question!.Key).ToList(),
            r.PublicationDate,
            r.PeriodStart,
            r.PeriodEnd,
            r.Licence,
            r.ExternalUrl,
            r.Doi,
            r.Language,
            r.EvaluationStatus is { } s ? s.ToString() : null,
            r.KeyFindings,
            r.Publisher,
            r.SupersededById,
            r.CreatedAt,
            r.UpdatedAt,
            r.PublishedAt,
            r.Files.OrderBy(f => f.Id).Select(f => ToFileDto(r.Id, f, urls)).ToList(),
            urls.Absolute(LibraryUrls.Show(r)));
    }

    private static FileDto ToFileDto(long resourceId, ResourceFile f, PublicUrls urls) =>
        new(f.Id, f.FileName, f.ContentType, f.Length, f.Sha256, urls.Absolute(LibraryUrls.Download(resourceId, f)),
            f.ExtractionState.ToString().ToLowerInvariant(), f.ExtractionError);
}
