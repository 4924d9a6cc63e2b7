using Microsoft.AspNetCore.Http;

namespace ResearchHub.Core.Files;

/// <summary>
/// A file from the store served as a download, once the caller has decided the reader may have it:
/// never rendered inline in our origin, never kept by a shared cache or unchecked by the browser.
/// </summary>
public static class StoredFileDownload
{
    public static IResult Result(HttpContext http, IFileStore store, string sha256, string contentType, string fileName)
    {
        var content = store.OpenRead(sha256);
        if (content is null)
        {
            return Results.Problem("The file is missing from the store.", statusCode: StatusCodes.Status500InternalServerError);
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Who may read it can change (visibility, membership): no copy is kept unchecked.
        http.Response.Headers.CacheControl = "private, no-cache";
        // An attachment with its (sanitised) name.
        return Results.File(content, contentType, fileDownloadName: fileName, enableRangeProcessing: true);
    }
}
