using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Core.Security;

namespace ResearchHub.Library.Api;

/// <summary>
/// The library's non-page answers for people's browsers and reference managers: file downloads,
/// citation exports and the Atom feed. Each applies the viewer's visibility in its query.
/// </summary>
public static class LibraryWebEndpoints
{
    public const int MaxExport = 1000;
    public const int FeedSize = 50;

    public static void MapLibraryWeb(this IEndpointRouteBuilder endpoints)
    {
        var library = endpoints.MapGroup("/library").ExcludeFromDescription();
        library.MapGet("/{id:long}/files/{fileId:long}/{**name}", DownloadAsync);
        library.MapGet("/{id:long}/cite/{format}", CiteOneAsync);
        library.MapGet("/cite/{format}", CiteListAsync);
        library.MapGet("/feed.atom", FeedAsync);
    }

    private static async Task<IResult> DownloadAsync(
        long id, long fileId, HttpContext http, HubDbContext db, LibraryViewerFactory viewers, IFileStore store, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(http.User, ct);
        var visible = db.Set<Resource>().VisibleTo(viewer);
        var file = await db.Set<ResourceFile>().AsNoTracking()
            .Where(f => f.Id == fileId && f.ResourceId == id && visible.Any(r => r.Id == f.ResourceId))
            .Select(f => new { f.FileName, f.ContentType, f.Sha256 })
            .FirstOrDefaultAsync(ct);
        if (file is null)
        {
            return NotVisible.Endpoint(http.User);
        }

        return StoredFileDownload.Result(http, store, file.Sha256, file.ContentType, file.FileName);
    }

    private static async Task<IResult> CiteOneAsync(
        long id, string format, HttpContext http, HubDbContext db, LibraryViewerFactory viewers,
        ResourceQueries queries, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var citation = Citations.Find(format);
        if (citation is null)
        {
            return Results.NotFound();
        }

        var viewer = await viewers.ForAsync(http.User, ct);
        var resources = await db.Set<Resource>().AsNoTracking().VisibleTo(viewer).Where(r => r.Id == id)
            .Include(r => r.Authors).Include(r => r.Terms).ThenInclude(t => t.Term).AsSplitQuery().ToListAsync(ct);
        if (resources.Count == 0)
        {
            return NotVisible.Endpoint(http.User);
        }

        var items = await ItemsAsync(resources, queries, urls, clock, ct);
        return Export(citation, items, resources[0].Slug);
    }

    private static async Task<IResult> CiteListAsync(
        string format, HttpContext http, LibraryViewerFactory viewers, ResourceQueries queries, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var citation = Citations.Find(format);
        if (citation is null)
        {
            return Results.NotFound();
        }

        var viewer = await viewers.ForAsync(http.User, ct);
        var filter = ResourceFilterQuery.Parse(http.Request.Query);
        var resources = await queries.ForExportAsync(viewer, filter, MaxExport, ct);
        return Export(citation, await ItemsAsync(resources, queries, urls, clock, ct), "library");
    }

    private static async Task<IResult> FeedAsync(
        HttpContext http, ResourceQueries queries, SiteSettingsService settings, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        // The feed is public by definition: whoever asks, it lists public resources only.
        var query = ResourceFilterQuery.Parse(http.Request.Query);
        var filter = new ResourceFilter { Kind = query.Kind, OrganisationId = query.OrganisationId, Visibility = ResourceVisibility.Public };
        var resources = await queries.Filtered(LibraryViewer.Anonymous, filter)
            .OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id)
            .Take(FeedSize)
            .Include(r => r.Authors)
            .ToListAsync(ct);
        var names = await queries.OrganisationNamesAsync(ct);
        var network = await settings.NetworkNameAsync(ct);
        var title = network + " library"
            + (filter.Kind is { } kind ? $": {ResourceKinds.Get(kind).Plural}" : "")
            + (filter.OrganisationId is { } o && names.TryGetValue(o, out var organisation) ? $" from {organisation}" : "");
        var queryString = ResourceFilterQuery.ToQueryString(filter with { Visibility = null }, includeSort: false);
        var entries = resources.Select(r => new FeedEntry(r, urls.Absolute(LibraryUrls.Show(r)), r.OwnerOrganisationId is { } owner ? names.GetValueOrDefault(owner) : null)).ToList();
        var xml = AtomFeed.Write(title, urls.Absolute(LibraryUrls.Feed + queryString), urls.Absolute(LibraryUrls.List + queryString),
            urls.Absolute(LibraryUrls.Feed + queryString), entries, clock.GetUtcNow());
        return Results.Text(xml, AtomFeed.ContentType, Encoding.UTF8);
    }

    private static async Task<List<CitationItem>> ItemsAsync(
        IReadOnlyList<Resource> resources, ResourceQueries queries, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var names = await queries.OrganisationNamesAsync(ct);
        var now = clock.GetUtcNow();
        return resources.Select(r => new CitationItem(
            r,
            urls.Absolute(LibraryUrls.Show(r)),
            r.Publisher ?? (r.OwnerOrganisationId is { } o ? names.GetValueOrDefault(o) : null),
            now)).ToList();
    }

    private static IResult Export(CitationFormat format, IReadOnlyList<CitationItem> items, string name) =>
        Results.File(Encoding.UTF8.GetBytes(Citations.Render(format, items)), format.ContentType, $"{name}.{format.Extension}");
}
