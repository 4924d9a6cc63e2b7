using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Federation.Jobs;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>/admin/export: an administrator makes a recipe zip, downloads it, and it imports into an empty hub; nobody else may.</summary>
public sealed class AdminExportTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hub-test-admin-export-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_administrator_downloads_a_zip_that_imports_into_an_empty_hub(string provider)
    {
        await using var source = new HubFactory(provider).WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"));
        await source.StartAsync();

        // Nobody but an administrator: anonymous visitors are sent to sign in, members are refused, and nothing is made.
        using (var anonymous = await source.CreateBrowserClient().GetAsync(new Uri("/admin/export", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var member = await SignInAsync(source, await CreateUserAsync(source, HubRoles.Member, null));
        using (var refused = await member.GetAsync(new Uri("/admin/export", UriKind.Relative)))
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"a member got {refused.StatusCode}");
            Assert.DoesNotContain("/admin/export", refused.Headers.Location?.OriginalString.Split('?')[0] ?? "", StringComparison.Ordinal);
        }

        using (var refusedPost = await member.PostAsync(new Uri("/admin/export/Create", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.NotEqual(HttpStatusCode.OK, refusedPost.StatusCode);
        }

        Assert.False(Directory.Exists(Path.Combine(source.Storage.AppData, "exports")) && Directory.EnumerateFiles(Path.Combine(source.Storage.AppData, "exports")).Any());

        var admin = await SignInAdminAsync(source);
        Assert.Contains("No exports yet.", (await admin.GetDocumentAsync("/admin/export")).Body!.TextContent, StringComparison.Ordinal);
        using (var made = await admin.PostFormAsync("/admin/export", new Dictionary<string, string>(), formSelector: "form[action*='Create']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        }

        // The export runs in the background: the page shows it, then (once it ends) its result and link.
        var started = await admin.GetDocumentAsync("/admin/export");
        Assert.Contains("Export started", started.QuerySelector(".notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(started.QuerySelector("#export-progress"));
        await source.Services.GetRequiredService<RecipeExportJobs>().WhenIdleAsync();
        var page = await admin.GetDocumentAsync("/admin/export");
        var panel = page.QuerySelector("#export-progress")!;
        Assert.Contains("Export ready", panel.TextContent, StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(panel.GetAttribute("data-refresh")), "a finished export is not refreshed any more");
        Assert.Matches(@"\d+ recipe steps and \d+ files", panel.TextContent);
        var link = panel.QuerySelector("a[download]")?.GetAttribute("href");
        Assert.NotNull(link);

        using var download = await admin.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var zip = Path.Combine(_work, "export.zip");
        await File.WriteAllBytesAsync(zip, await download.Content.ReadAsByteArrayAsync());

        // Unzipped with the framework's own reader, not ours: recipe.json at the root, files/ beside it.
        var folder = Path.Combine(_work, "unzipped");
        ZipFile.ExtractToDirectory(zip, folder);
        Assert.True(File.Exists(Path.Combine(folder, "recipe.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "files")));

        // A name that is not one of the exports is not served.
        using (var probe = await admin.GetAsync(new Uri("/admin/export/Download?name=..%2Fhub.db", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        }

        await using var target = new HubFactory(provider);
        await target.StartAsync();
        await target.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunFileAsync(Path.Combine(folder, "recipe.json"), CancellationToken.None));

        var expected = await CountsAsync(source);
        var actual = await CountsAsync(target);
        Assert.Equal(expected, actual);
        Assert.True(expected.Resources > 0 && expected.Meetings > 0 && expected.Groups > 0 && expected.Codebooks > 0, expected.ToString());
        Assert.Equal(
            await source.WithDbAsync(db => db.Set<Meeting>().OrderBy(m => m.Uid).Select(m => m.Uid + "|" + m.Title).ToListAsync()),
            await target.WithDbAsync(db => db.Set<Meeting>().OrderBy(m => m.Uid).Select(m => m.Uid + "|" + m.Title).ToListAsync()));

        // The export is recorded in the audit log, and can be deleted.
        Assert.True(await source.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(a => a.Action == "content-exported" && a.ActorEmail == HubFactory.AdminEmail)));
        using (var deleted = await admin.PostFormAsync("/admin/export", new Dictionary<string, string>(), formSelector: "form[action*='Delete']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(source.Storage.AppData, "exports"), "*.zip"));
    }

    private sealed record Counts(int Members, int Resources, int Meetings, int Documents, int Groups, int Posts, int Codebooks, int Codes, int Excerpts);

    private static Task<Counts> CountsAsync(HubFactory hub) => hub.WithDbAsync(async db => new Counts(
        await db.Set<HubUser>().CountAsync(),
        await db.Set<Resource>().CountAsync(),
        await db.Set<Meeting>().CountAsync(),
        await db.Set<MeetingDocument>().CountAsync(),
        await db.Set<MailingGroup>().CountAsync(),
        await db.Set<GroupPost>().CountAsync(),
        await db.Set<Codebook>().CountAsync(),
        await db.Set<Code>().CountAsync(),
        await db.Set<CodedExcerpt>().CountAsync()));
}
