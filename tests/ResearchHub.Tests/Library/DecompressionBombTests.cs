using System.Net;
using Xunit.Abstractions;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Jobs;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Library;

/// <summary>
/// Decompression bombs uploaded through the edit page and read by the extraction job: each is kept
/// (or, when it is no document, refused) with the reason, and the process's peak working set grows
/// by less than 200 MB. Before the caps a 300 MiB document part took gigabytes.
/// </summary>
[Collection(nameof(MemoryMeasuredCollection))]
public sealed class DecompressionBombTests(BombHubs hubs, ITestOutputHelper output) : IClassFixture<BombHubs>
{
    private const long Inflated = 300L * 1024 * 1024;
    private const long AllowedGrowth = 200L * 1024 * 1024;

    private static readonly Lazy<(string Name, byte[] Bytes)[]> Generated = new(() =>
    [
        ("bomb.docx", Bombs.Docx(Inflated)),
        ("bomb.xlsx", Bombs.Xlsx(Inflated)),
        ("bomb.odt", Bombs.Odt(Inflated)),
        ("bomb.pptx.zip", Bombs.Zip(Inflated)),
    ]);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Bombs_are_kept_without_text_and_the_peak_working_set_grows_by_less_than_200_MB(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editor = await SignInAsync(hub, await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id));
        var resource = await CreateResourceAsync(hub, "Bombs " + Guid.NewGuid().ToString("N")[..8], organisation.Id, ResourceVisibility.Draft);
        var bombs = Generated.Value;
        Assert.All(bombs, b => Assert.InRange(b.Bytes.Length, 1, 2_000_000));

        var baseline = PeakMemory.Reset();
        var alerts = new List<string>();
        foreach (var (name, bytes) in bombs)
        {
            using var response = await PostFileAsync(editor, $"/library/{resource.Id}/edit", $"/library/{resource.Id}/edit?handler=Upload", "Uploads", name, bytes);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var page = await editor.GetDocumentAsync(response.Headers.Location!.OriginalString);
            alerts.Add(page.QuerySelector("[role=alert]")?.TextContent ?? "");
        }

        await RunExtractionAsync(hub);
        var growth = PeakMemory.Peak() - baseline;
        output.WriteLine($"{provider}: peak working set grew by {growth / 1024.0 / 1024.0:0.0} MB while four 300 MiB bombs were uploaded and read.");
        Assert.True(growth < AllowedGrowth, $"The peak working set grew by {growth / 1024 / 1024} MB.");

        // The zip that is no document is refused at the door; the three documents are kept, without text, saying why.
        Assert.Contains("bomb.pptx.zip", alerts[3], StringComparison.Ordinal);
        Assert.Contains("not a Word, Excel, PowerPoint or OpenDocument text file", alerts[3], StringComparison.Ordinal);
        var files = await hub.WithDbAsync(db => db.Set<ResourceFile>().Where(f => f.ResourceId == resource.Id).OrderBy(f => f.Id).ToListAsync());
        Assert.Equal(["bomb.docx", "bomb.xlsx", "bomb.odt"], files.Select(f => f.FileName));
        Assert.All(files, f =>
        {
            Assert.Equal(ExtractionState.Failed, f.ExtractionState);
            Assert.Null(f.ExtractedText);
            Assert.StartsWith(TextExtractionService.FailurePrefix + "its part ", f.ExtractionError, StringComparison.Ordinal);
            Assert.Contains(" inflates to more than ", f.ExtractionError, StringComparison.Ordinal);
        });

        var show = await editor.GetDocumentAsync($"/library/{resource.Id}/{resource.Slug}");
        Assert.Contains("text could not be extracted: its part word/document.xml inflates", show.Body!.TextContent, StringComparison.Ordinal);
    }
}
