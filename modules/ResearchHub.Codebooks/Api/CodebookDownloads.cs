using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Data;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Api;

/// <summary>The site's downloads for people's browsers: .qdc and CSV of any version, and crosswalks as CSV.</summary>
public static class CodebookDownloads
{
    public static void MapCodebookDownloads(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/codebooks").ExcludeFromDescription();
        group.MapGet("/{id:long}/export.qdc", async (long id, int? version, HttpContext http, HubDbContext db, LibraryViewerFactory viewers, CodebookService service, CancellationToken ct) =>
            await ExportAsync(id, version, "qdc", await viewers.ForAsync(http.User, ct), http, db, service, ct));
        group.MapGet("/{id:long}/export.csv", async (long id, int? version, HttpContext http, HubDbContext db, LibraryViewerFactory viewers, CodebookService service, CancellationToken ct) =>
            await ExportAsync(id, version, "csv", await viewers.ForAsync(http.User, ct), http, db, service, ct));
        group.MapGet("/crosswalks/{id:long}/export.csv", CrosswalkCsvAsync);
    }

    internal static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> ExportAsync(long id, int? version, string format, LibraryViewer viewer, HttpContext http, HubDbContext db,
        CodebookService service, CancellationToken ct)
    {
        var codebook = await db.Set<Codebook>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(c => c.Id == id, ct);
        var snapshot = codebook is null ? null : await service.SnapshotAsync(id, version, ct);
        if (codebook is null || snapshot is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (format == "csv")
        {
            return TypedResults.File(CodebookExports.ToCsv(snapshot), Csv.MediaType, CodebookExports.FileName(codebook, version, "csv"));
        }

        if (snapshot.Codes.Count == 0)
        {
            return TypedResults.Problem("A codebook without codes cannot be exported as REFI-QDA: the format requires at least one code.", statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.File(QdcFormat.Write(snapshot.ToQdc()), QdcFormat.MediaType, CodebookExports.FileName(codebook, version, "qdc"));
    }

    private static async Task<IResult> CrosswalkCsvAsync(long id, HttpContext http, LibraryViewerFactory viewers, CrosswalkService crosswalks, CancellationToken ct)
    {
        var view = await crosswalks.LoadAsync(id, await viewers.ForAsync(http.User, ct), ct);
        if (view is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(CrosswalkService.ToCsv(view), Csv.MediaType, $"crosswalk-{view.From.Id}-{view.To.Id}.csv");
    }
}
