using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Api;

public sealed record CodeDto(Guid Guid, string Name, string Path, Guid? Parent, string Definition, string WhenToUse, string WhenNotToUse, string Example, string? Color, bool IsCodable);

public sealed record CodeSetDto(Guid Guid, string Name, string Description, IReadOnlyList<Guid> Members);

public sealed record CodebookDto(
    long Id,
    string Name,
    string Description,
    long? OwnerOrganisationId,
    string? Licence,
    string Status,
    string Visibility,
    long? LibraryResourceId,
    int Version,
    DateTimeOffset UpdatedAt,
    string Url,
    string QdcUrl,
    IReadOnlyList<CodeDto>? Codes,
    IReadOnlyList<CodeSetDto>? Sets);

public sealed record ImportResultDto(CodebookDto Codebook, IReadOnlyList<string> Warnings);

/// <summary>
/// /api/v1/codebooks: list and get (anonymous callers see public codebooks; a token with "read" sees
/// what its owner may see), the .qdc export, and a .qdc import (a token with "write" of an editor).
/// </summary>
public static class CodebooksEndpoints
{
    public static void MapCodebooksApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/codebooks").WithTags("Codebooks");
        api.MapGet("/", ListAsync).AcceptsScope(CodebooksApiScopes.Read).WithName("listCodebooks").WithSummary("List the codebooks the caller may see");
        api.MapGet("/{id:long}", GetAsync).AcceptsScope(CodebooksApiScopes.Read).WithName("getCodebook").WithSummary("One codebook with its code tree and sets");
        api.MapGet("/{id:long}/qdc", QdcAsync).AcceptsScope(CodebooksApiScopes.Read)
            .WithMetadata(new FileResponseMetadata(QdcFormat.MediaType, "The codebook (or ?version=N) as a REFI-QDA .qdc file."))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("exportCodebookQdc").WithSummary("Export a codebook as REFI-QDA (.qdc)");
        api.MapPost("/import", ImportAsync).RequireScope(CodebooksApiScopes.Write).DisableAntiforgery()
            .WithMetadata(new FileUploadMetadata($"The REFI-QDA codebook (.qdc) as the raw body, at most {QdcFormat.MaxBytes / 1_000_000} MB; no DTD.", QdcFormat.MediaType))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("importCodebookQdc").WithSummary("Import a REFI-QDA (.qdc) codebook as a new draft");
    }

    /// <summary>As the library's API: the bearer scheme is asked explicitly, and a failing token is an error, never anonymous.</summary>
    private static async Task<(LibraryViewer? Viewer, ProblemHttpResult? Error)> ReaderAsync(HttpContext http, LibraryViewerFactory viewers, CancellationToken ct)
    {
        var (principal, error) = await ApiScopeEndpoints.OptionalCallerAsync(http, CodebooksApiScopes.Read);
        if (error is not null)
        {
            return (null, error);
        }

        return (principal is null ? LibraryViewer.Anonymous : await viewers.ForAsync(principal, ct), null);
    }

    private static async Task<Results<Ok<Paged<CodebookDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext http, int? page, int? pageSize, LibraryViewerFactory viewers, HubDbContext db, PublicUrls urls, CancellationToken ct)
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

        return TypedResults.Ok(await ApiPaging.PageAsync(http, urls, db.Set<Codebook>().AsNoTracking().VisibleTo(viewer!).OrderBy(c => c.Name).ThenBy(c => c.Id),
            request!, c => ToDto(c, null, urls), ct));
    }

    private static async Task<Results<Ok<CodebookDto>, NotFound, ProblemHttpResult>> GetAsync(long id, HttpContext http, LibraryViewerFactory viewers, HubDbContext db, CodebookService service, PublicUrls urls, CancellationToken ct)
    {
        var (viewer, error) = await ReaderAsync(http, viewers, ct);
        if (error is not null)
        {
            return error;
        }

        var codebook = await db.Set<Codebook>().AsNoTracking().VisibleTo(viewer!).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (codebook is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToDto(codebook, await service.SnapshotAsync(id, null, ct), urls));
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> QdcAsync(long id, int? version, HttpContext http, LibraryViewerFactory viewers, HubDbContext db, CodebookService service, CancellationToken ct)
    {
        var (viewer, error) = await ReaderAsync(http, viewers, ct);
        if (error is not null)
        {
            return error;
        }

        return await CodebookDownloads.ExportAsync(id, version, "qdc", viewer!, http, db, service, ct);
    }

    /// <summary>The request body is the .qdc file; ?name= names the new draft codebook, ?organisationId= its owner (administrators).</summary>
    private static async Task<Results<Created<ImportResultDto>, ProblemHttpResult>> ImportAsync(string? name, long? organisationId, HttpContext http, LibraryViewerFactory viewers, CodebookService service, PublicUrls urls, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(http.User, ct);
        if (http.Request.ContentLength > QdcFormat.MaxBytes)
        {
            return TypedResults.Problem($"The file is larger than {QdcFormat.MaxBytes / 1_000_000} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var outcome = await service.ImportAsync(http.Request.Body, string.IsNullOrWhiteSpace(name) ? "Imported codebook" : name,
            organisationId ?? viewer.OrganisationId, viewer, ct);
        if (outcome.Codebook is null)
        {
            return TypedResults.Problem(outcome.Error, statusCode: StatusCodes.Status400BadRequest);
        }

        var snapshot = CodebookSnapshot.Of(outcome.Codebook);
        return TypedResults.Created(urls.Absolute($"/api/v1/codebooks/{outcome.Codebook.Id}"), new ImportResultDto(ToDto(outcome.Codebook, snapshot, urls), outcome.Warnings));
    }

    private static CodebookDto ToDto(Codebook c, CodebookSnapshot? snapshot, PublicUrls urls) => new(
        c.Id, c.Name, c.Description, c.OwnerOrganisationId, c.Licence,
        c.Status.ToString().ToLowerInvariant(), Visibilities.Code(c.Visibility), c.LibraryResourceId, c.VersionCount, c.UpdatedAt,
        urls.Absolute(CodebooksUrls.Show(c.Id)), urls.Absolute(CodebooksUrls.ApiQdc(c.Id)),
        snapshot?.Tree().Select(r => new CodeDto(r.Code.Guid, r.Code.Name, r.Path, r.Code.Parent, r.Code.Definition, r.Code.WhenToUse,
            r.Code.WhenNotToUse, r.Code.Example, r.Code.Color, r.Code.IsCodable)).ToList(),
        snapshot?.Sets.Select(s => new CodeSetDto(s.Guid, s.Name, s.Description, s.Members)).ToList());
}
