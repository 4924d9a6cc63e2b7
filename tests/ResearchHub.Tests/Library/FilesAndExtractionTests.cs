using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Jobs;
using ResearchHub.Library.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Library;

/// <summary>Uploads through the edit page (checked by content, limited in size, safely named) and text extraction, on both providers.</summary>
public sealed class FilesAndExtractionTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_file_whose_bytes_are_no_allowed_type_is_refused_with_a_clear_message(string provider)
    {
        var (hub, editor, resource) = await SetUpAsync(provider);

        using var response = await PostFileAsync(editor, Edit(resource), Upload(resource), "Uploads", "report.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await editor.GetDocumentAsync(response.Headers.Location!.OriginalString);
        var alert = page.QuerySelector("[role=alert]")?.TextContent ?? "";
        Assert.Contains("report.pdf", alert, StringComparison.Ordinal);
        Assert.Contains("not one of the types the library accepts", alert, StringComparison.Ordinal);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<ResourceFile>().CountAsync(f => f.ResourceId == resource.Id)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_upload_problem_is_shown_once_and_not_again_after_later_successful_uploads(string provider)
    {
        var (hub, editor, resource) = await SetUpAsync(provider);
        using var refused = await PostFileAsync(editor, Edit(resource), Upload(resource), "Uploads", "report.pdf", [0x4D, 0x5A, 0x90, 0x00]);
        var first = await editor.GetDocumentAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("not one of the types the library accepts", first.QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);

        foreach (var name in new[] { "notes.txt", "more-notes.txt" })
        {
            using var added = await PostFileAsync(editor, Edit(resource), Upload(resource), "Uploads", name, System.Text.Encoding.UTF8.GetBytes($"The text of {name}\n"));
            var page = await editor.GetDocumentAsync(added.Headers.Location!.OriginalString);
            Assert.Contains($"{name} has been added.", page.Body!.TextContent, StringComparison.Ordinal);
            Assert.Null(page.QuerySelector("[role=alert]"));
            Assert.DoesNotContain("report.pdf", page.Body!.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<ResourceFile>().CountAsync(f => f.ResourceId == resource.Id)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_oversized_file_is_refused_without_being_written_in_full(string provider)
    {
        var (hub, editor, resource) = await SetUpAsync(provider);
        var big = new byte[LibraryHubs.MaxUploadBytes + 50_000];
        "%PDF-1.4\n"u8.CopyTo(big);

        using var response = await PostFileAsync(editor, Edit(resource), Upload(resource), "Uploads", "big.pdf", big);
        var page = await editor.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("too large", page.QuerySelector("[role=alert]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<ResourceFile>().CountAsync(f => f.ResourceId == resource.Id)));

        // Nothing of that size is in the store, and its temporary folder is clean.
        var files = Path.Combine(hub.AppData, "files");
        Assert.DoesNotContain(Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories), f => new FileInfo(f).Length >= LibraryHubs.MaxUploadBytes);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(files, ".tmp")));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Path_and_control_characters_in_a_name_are_stored_safely(string provider)
    {
        var (hub, editor, resource) = await SetUpAsync(provider);

        using var response = await PostFileAsync(editor, Edit(resource), Upload(resource), "Uploads", "../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await hub.WithDbAsync(db => db.Set<ResourceFile>().SingleAsync(f => f.ResourceId == resource.Id));
        Assert.Equal("passwd.txt", stored.FileName);
        Assert.Equal("text/plain", stored.ContentType);
        Assert.False(File.Exists(Path.Combine(hub.AppData, "etc", "passwd")));

        var named = await AddFileAsync(hub, resource.Id, "a\u0007b\u001b[31m\r\n.csv", "x,y\n"u8.ToArray());
        Assert.Equal("ab[31m.csv", named.File!.FileName);

        using var download = await editor.GetAsync(new Uri($"/library/{resource.Id}/files/{stored.Id}/passwd.txt", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("passwd.txt", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Text_from_a_pdf_a_docx_and_an_odt_reaches_the_stored_text(string provider)
    {
        var (hub, _, resource) = await SetUpAsync(provider);
        var pdf = await AddFileAsync(hub, resource.Id, "report.pdf", GeneratedDocuments.Pdf("Local Area Coordination builds connections.\nSecond line of the report."));
        var docx = await AddFileAsync(hub, resource.Id, "notes.docx", GeneratedDocuments.Docx("Learning log", ["Issue: evaluation that feels like compliance."]));
        var odt = await AddFileAsync(hub, resource.Id, "paper.odt", IdentifierAndFileTypeTests.Odt("Open document text body"));
        Assert.All(new[] { pdf, docx, odt }, r => Assert.Equal(ExtractionState.Pending, r.File!.ExtractionState));

        await RunExtractionAsync(hub);

        var pdfText = await FileAsync(hub, pdf.File!.Id);
        Assert.True(pdfText.ExtractionState == ExtractionState.Done, pdfText.ExtractionError);
        Assert.Contains("Local Area Coordination builds connections.", pdfText.ExtractedText, StringComparison.Ordinal);
        Assert.Contains("Second line of the report.", pdfText.ExtractedText, StringComparison.Ordinal);

        var docxText = await FileAsync(hub, docx.File!.Id);
        Assert.Equal(ExtractionState.Done, docxText.ExtractionState);
        Assert.Contains("Learning log", docxText.ExtractedText, StringComparison.Ordinal);
        Assert.Contains("Issue: evaluation that feels like compliance.", docxText.ExtractedText, StringComparison.Ordinal);

        var odtText = await FileAsync(hub, odt.File!.Id);
        Assert.Contains("Open document text body", odtText.ExtractedText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_corrupt_docx_and_a_pdf_without_text_save_the_resource_and_say_why_there_is_no_text(string provider)
    {
        var (hub, editor, resource) = await SetUpAsync(provider);
        using var corrupt = await PostFileAsync(editor, Edit(resource), Upload(resource), "Uploads", "broken.docx", CorruptDocx());
        Assert.Equal(HttpStatusCode.Redirect, corrupt.StatusCode);
        var imageOnly = await AddFileAsync(hub, resource.Id, "scan.pdf", GeneratedDocuments.Pdf(""));
        Assert.NotNull(imageOnly.File);

        await RunExtractionAsync(hub);

        var files = await hub.WithDbAsync(db => db.Set<ResourceFile>().Where(f => f.ResourceId == resource.Id).ToListAsync());
        Assert.Equal(2, files.Count);
        Assert.All(files, f =>
        {
            Assert.Equal(ExtractionState.Failed, f.ExtractionState);
            Assert.StartsWith(TextExtractionService.FailurePrefix, f.ExtractionError, StringComparison.Ordinal);
        });
        Assert.Contains("damaged", files.Single(f => f.FileName == "broken.docx").ExtractionError, StringComparison.Ordinal);
        Assert.Contains("no text", files.Single(f => f.FileName == "scan.pdf").ExtractionError, StringComparison.Ordinal);

        var page = await editor.GetDocumentAsync($"/library/{resource.Id}/{resource.Slug}");
        Assert.Contains("text could not be extracted", page.QuerySelector("#files + *")?.TextContent ?? page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_resource_created_with_files_is_saved_whole_or_not_at_all(string provider)
    {
        var (hub, editor, _) = await SetUpAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var store = Path.Combine(hub.AppData, "files");
        var files = ThreeFilesInOtherFolders(store, tag);

        // Where the store must make the second file's folder there is a file: a real I/O failure
        // once the first file has been stored.
        var blocker = Path.Combine(store, Sha256(files[1].Bytes)[..2]);
        await File.WriteAllTextAsync(blocker, "not a folder");
        var title = $"All or nothing {tag}";
        try
        {
            using var failed = await PostMultipartFormAsync(editor, "/library/new?kind=toolkit", new() { ["Input.Title"] = title }, "Uploads", files);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        finally
        {
            File.Delete(blocker);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<Resource>().AnyAsync(r => r.Title == title)));
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<ResourceFile>().CountAsync(f => f.FileName.Contains(tag))));

        // With the store working, the same form saves the resource and its three files at once.
        using (var saved = await PostMultipartFormAsync(editor, "/library/new?kind=toolkit", new() { ["Input.Title"] = title }, "Uploads", files))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var resource = await hub.WithDbAsync(db => db.Set<Resource>().Include(r => r.Files).SingleAsync(r => r.Title == title));
        Assert.Equal(files.Select(f => f.Name), resource.Files.OrderBy(f => f.Id).Select(f => f.FileName));
        Assert.Equal(3, await hub.WithDbAsync(db => db.Set<ResourceEvent>().CountAsync(e => e.ResourceId == resource.Id && e.Action == ResourceActions.FileAdded)));

        // A refused file stops the create as well: the form says which and why, and nothing is saved.
        var refusedTitle = $"Refused {tag}";
        using var refused = await PostMultipartFormAsync(editor, "/library/new?kind=toolkit", new() { ["Input.Title"] = refusedTitle }, "Uploads",
            files[0], ($"program-{tag}.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var summary = (await refused.ReadPageAsync()).Document.QuerySelector(".error-summary")?.TextContent ?? "";
        Assert.Contains($"program-{tag}.pdf: The file's content is not one of the types", summary, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", summary, StringComparison.Ordinal);
        Assert.False(await hub.WithDbAsync(db => db.Set<Resource>().AnyAsync(r => r.Title == refusedTitle)));
    }

    /// <summary>Three small text files whose store folders differ from each other and do not exist yet.</summary>
    private static (string Name, byte[] Bytes)[] ThreeFilesInOtherFolders(string store, string tag)
    {
        var chosen = new List<(string, byte[])>();
        var prefixes = new HashSet<string>();
        for (var i = 0; chosen.Count < 3; i++)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes($"Notes {i} of {tag}\n");
            var prefix = Sha256(bytes)[..2];
            if (!Directory.Exists(Path.Combine(store, prefix)) && prefixes.Add(prefix))
            {
                chosen.Add(($"notes-{chosen.Count + 1}-{tag}.txt", bytes));
            }
        }

        return [.. chosen];
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private async Task<(HubFactory Hub, HttpClient Editor, Resource Resource)> SetUpAsync(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var resource = await CreateResourceAsync(hub, "Files " + Guid.NewGuid().ToString("N")[..8], organisation.Id, ResourceVisibility.Draft);
        return (hub, await SignInAsync(hub, editor), resource);
    }

    private static string Edit(Resource r) => $"/library/{r.Id}/edit";

    private static string Upload(Resource r) => $"/library/{r.Id}/edit?handler=Upload";

    /// <summary>A zip that claims to be a Word document but whose document part is not XML.</summary>
    private static byte[] CorruptDocx()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            }

            using var document = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            document.Write("<w:document><<< not xml");
        }

        return stream.ToArray();
    }
}
