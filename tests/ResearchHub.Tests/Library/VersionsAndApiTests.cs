using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Library;

/// <summary>Editing a published evaluation keeps its versions and shows the diff; the API writes within its scopes and rights.</summary>
public sealed class VersionsAndApiTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Editing_a_published_evaluation_keeps_the_old_version_and_the_diff_shows_the_change(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editorUser = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var editor = await SignInAsync(hub, editorUser);
        var title = "Versioned evaluation " + Guid.NewGuid().ToString("N")[..6];
        var resource = await CreateResourceAsync(hub, title, organisation.Id, ResourceVisibility.Network, ResourceKind.Evaluation,
            i => i.Body = "First paragraph.\n\nSecond paragraph.");

        using var saved = await editor.PostFormAsync($"/library/{resource.Id}/edit", new Dictionary<string, string>
        {
            ["Input.Title"] = title + " (revised)",
            ["Input.Body"] = "First paragraph.\n\nSecond paragraph, revised.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var versions = await hub.WithDbAsync(db => db.Set<ResourceVersion>().Where(v => v.ResourceId == resource.Id).OrderBy(v => v.Number).ToListAsync());
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.Contains(title + "\"", versions[0].SnapshotJson, StringComparison.Ordinal);
        Assert.Contains("(revised)", versions[1].SnapshotJson, StringComparison.Ordinal);

        var page = await editor.GetDocumentAsync($"/library/{resource.Id}/versions");
        var removed = page.QuerySelectorAll("del").Select(e => e.TextContent).ToList();
        var added = page.QuerySelectorAll("ins").Select(e => e.TextContent).ToList();
        Assert.Contains(removed, t => t.Contains(title, StringComparison.Ordinal) && !t.Contains("(revised)", StringComparison.Ordinal));
        Assert.Contains(added, t => t.Contains(title + " (revised)", StringComparison.Ordinal));
        Assert.Contains(removed, t => t.Contains("Second paragraph.", StringComparison.Ordinal));
        Assert.Contains(added, t => t.Contains("Second paragraph, revised.", StringComparison.Ordinal));

        // The history says who did what.
        var show = await editor.GetDocumentAsync($"/library/{resource.Id}/{resource.Slug}");
        Assert.Contains("Test PartnerEditor", show.Body!.TextContent, StringComparison.Ordinal);

        // Marked as superseded by a newer resource, pasted as its address; a bad reference is refused.
        var successor = await CreateResourceAsync(hub, title + " (final report)", organisation.Id, ResourceVisibility.Network, ResourceKind.Evaluation);
        using var badReference = await editor.PostFormAsync($"/library/{resource.Id}/edit", new Dictionary<string, string> { ["Input.SupersededBy"] = "the other one" });
        Assert.Equal(HttpStatusCode.OK, badReference.StatusCode);
        Assert.Contains("newer resource", (await badReference.ReadPageAsync()).Document.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        using var superseded = await editor.PostFormAsync($"/library/{resource.Id}/edit",
            new Dictionary<string, string> { ["Input.SupersededBy"] = $"{HubFactory.BaseUrl}/library/{successor.Id}/{successor.Slug}" });
        Assert.Equal(HttpStatusCode.Redirect, superseded.StatusCode);
        var notice = (await editor.GetDocumentAsync($"/library/{resource.Id}/{resource.Slug}")).QuerySelector(".panel--warning");
        Assert.Contains(successor.Title, notice?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_api_creates_updates_uploads_and_deletes_within_its_scopes_and_rights(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var other = await CreateOrganisationAsync(hub);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var outsider = await CreateUserAsync(hub, HubRoles.PartnerEditor, other.Id);
        var write = ApiClient(hub, await CreateTokenAsync(hub, editor, false, "read", "write"));
        var readOnly = ApiClient(hub, await CreateTokenAsync(hub, editor, false, "read"));
        var outsiderWrite = ApiClient(hub, await CreateTokenAsync(hub, outsider, false, "read", "write"));

        var request = new
        {
            kind = "evaluation",
            title = "API evaluation",
            summary = "Made through the API.",
            authors = new[] { new { name = "Priya Shah", orcid = "0000-0002-1825-0097" } },
            evaluationStatus = "in-progress",
            visibility = "network",
        };
        using (var refused = await readOnly.PostAsJsonAsync("/api/v1/resources", request))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var bad = await write.PostAsJsonAsync("/api/v1/resources", new { kind = "evaluation", title = "", authors = new[] { new { name = "X", orcid = "0000-0002-1825-0098" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("title", problem, StringComparison.Ordinal);
        Assert.Contains("ORCID", problem, StringComparison.Ordinal);

        using var created = await write.PostAsJsonAsync("/api/v1/resources", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetInt64();
        Assert.Equal("network", body.RootElement.GetProperty("visibility").GetString());
        Assert.Equal(organisation.Id, body.RootElement.GetProperty("owner").GetProperty("id").GetInt64());

        using (var upload = new ByteArrayContent(GeneratedDocuments.Pdf("Uploaded through the API")))
        {
            using var uploaded = await write.PostAsync(new Uri($"/api/v1/resources/{id}/files?name=api.pdf", UriKind.Relative), upload);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        using (var multipart = new MultipartFormDataContent { { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "data.csv" } })
        {
            using var uploaded = await write.PostAsync(new Uri($"/api/v1/resources/{id}/files", UriKind.Relative), multipart);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        using (var wrong = new ByteArrayContent([0x4D, 0x5A, 0x90, 0x00]))
        {
            using var refusedFile = await write.PostAsync(new Uri($"/api/v1/resources/{id}/files?name=x.pdf", UriKind.Relative), wrong);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedFile.StatusCode);
        }

        using (var update = await write.PutAsJsonAsync($"/api/v1/resources/{id}", request with { title = "API evaluation, revised" }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        using (var outsiderUpdate = await outsiderWrite.PutAsJsonAsync($"/api/v1/resources/{id}", request))
        {
            Assert.Equal(HttpStatusCode.Forbidden, outsiderUpdate.StatusCode);
        }

        var files = await hub.WithDbAsync(db => db.Set<ResourceFile>().Where(f => f.ResourceId == id).Select(f => f.FileName).OrderBy(n => n).ToListAsync());
        Assert.Equal(["api.pdf", "data.csv"], files);
        // Published, then changed three times (two files, one edit): a version for each save.
        Assert.Equal(4, await hub.WithDbAsync(db => db.Set<ResourceVersion>().CountAsync(v => v.ResourceId == id)));

        using (var outsiderDelete = await outsiderWrite.DeleteAsync(new Uri($"/api/v1/resources/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, outsiderDelete.StatusCode);
        }

        using (var deleted = await write.DeleteAsync(new Uri($"/api/v1/resources/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await write.GetAsync(new Uri($"/api/v1/resources/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
