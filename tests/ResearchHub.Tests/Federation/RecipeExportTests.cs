using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Files;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;
using ResearchHub.Pages.Domain;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Federation;

/// <summary>"Recipes between hubs": the demo hub exported, imported into an empty hub, and imported again to no effect.</summary>
public sealed class RecipeExportTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("hub-test-export-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_exported_hub_imports_into_an_empty_one_and_importing_again_changes_nothing(string provider)
    {
        await using var source = new HubFactory(provider).WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"));
        await source.StartAsync();
        var exported = await source.WithScopeAsync(sp => sp.GetRequiredService<RecipeExportService>().ExportAsync(_work, CancellationToken.None));
        Assert.Equal(Path.Combine(_work, "recipe.json"), exported.RecipePath);
        var expected = await SnapshotAsync(source);
        Assert.True(expected.Organisations > 0 && expected.Pages > 0 && expected.Terms > 0 && expected.Resources > 0 && expected.Files.Count > 0, expected.ToString());
        Assert.Equal(expected.Files.Select(f => f.Sha256).Distinct().Count(), exported.Files);

        await using var target = new HubFactory(provider);
        await target.StartAsync();
        Task RunAsync() => target.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunFileAsync(exported.RecipePath, CancellationToken.None));

        await RunAsync();
        var imported = await SnapshotAsync(target);
        AssertSame(expected, imported);

        // The files' bytes arrived: each stored file hashes to its SHA-256.
        var store = target.Services.GetRequiredService<IFileStore>();
        foreach (var sha in imported.Files.Select(f => f.Sha256).Distinct())
        {
            await using var stream = store.OpenRead(sha);
            Assert.NotNull(stream);
            Assert.Equal(sha, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }

        await RunAsync();
        var again = await SnapshotAsync(target);
        AssertSame(imported, again);
        Assert.Equal(imported.PagesUpdated, again.PagesUpdated);
        Assert.Equal(imported.ResourcesUpdated, again.ResourcesUpdated);
    }

    [Fact]
    public async Task A_file_path_outside_the_recipe_folder_is_refused_and_nothing_changes()
    {
        await using var hub = new HubFactory();
        await hub.StartAsync();
        File.WriteAllText(Path.Combine(_work, "secret.txt"), "not for import");
        var folder = Directory.CreateDirectory(Path.Combine(_work, "recipe")).FullName;
        var recipe = Path.Combine(folder, "recipe.json");
        File.WriteAllText(recipe, """
            { "name": "escape", "steps": [ { "name": "resources", "resources": [
              { "slug": "escape", "kind": "toolkit", "title": "Escape", "files": [ { "path": "../secret.txt", "fileName": "secret.txt" } ] } ] } ] }
            """);

        var ex = await Assert.ThrowsAsync<RecipeException>(() =>
            hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunFileAsync(recipe, CancellationToken.None)));
        Assert.Contains("must stay inside the recipe's folder", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<Resource>().CountAsync()));

        // Given as bytes there is no folder to read from: refused with a reason, not read from the working directory.
        var bytes = await File.ReadAllBytesAsync(recipe);
        var noFolder = await Assert.ThrowsAsync<RecipeException>(() =>
            hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(bytes, "escape", CancellationToken.None)));
        Assert.Contains("needs a recipe run from a file", noFolder.Message, StringComparison.Ordinal);
    }

    private sealed record FileRow(string Slug, string FileName, string ContentType, long Length, string Sha256);

    private sealed record Snapshot(
        int Organisations, int Pages, int Terms, int Questions, int Resources, List<FileRow> Files,
        string Settings, string OrganisationRows, string PageRows, string ResourceRows, string TermRows,
        Dictionary<string, DateTimeOffset> PagesUpdated, Dictionary<string, DateTimeOffset> ResourcesUpdated);

    private static void AssertSame(Snapshot expected, Snapshot actual)
    {
        Assert.Equal((expected.Organisations, expected.Pages, expected.Terms, expected.Questions, expected.Resources),
            (actual.Organisations, actual.Pages, actual.Terms, actual.Questions, actual.Resources));
        Assert.Equal(expected.Files, actual.Files);
        Assert.Equal(expected.Settings, actual.Settings);
        Assert.Equal(expected.OrganisationRows, actual.OrganisationRows);
        Assert.Equal(expected.PageRows, actual.PageRows);
        Assert.Equal(expected.TermRows, actual.TermRows);
        Assert.Equal(expected.ResourceRows, actual.ResourceRows);
    }

    /// <summary>Counts and the fields a reader sees, keyed by natural keys (ids differ between hubs).</summary>
    private static Task<Snapshot> SnapshotAsync(HubFactory hub) => hub.WithDbAsync(async db =>
    {
        var organisations = await db.Set<Organisation>().OrderBy(o => o.Name).ToListAsync();
        var names = organisations.ToDictionary(o => o.Id, o => o.Name);
        var pages = await db.Set<Page>().OrderBy(p => p.Slug).ToListAsync();
        var terms = await db.Set<VocabularyTerm>().OrderBy(t => t.Vocabulary).ThenBy(t => t.Key).ToListAsync();
        var resources = await db.Set<Resource>().Include(r => r.Authors).Include(r => r.Organisations).Include(r => r.Files)
            .Include(r => r.Terms).ThenInclude(t => t.Term).Include(r => r.Questions).ThenInclude(q => q.Question)
            .AsSplitQuery().ToListAsync();
        resources = [.. resources.OrderBy(r => r.Slug, StringComparer.Ordinal)];
        var settings = await db.SiteSettings.OrderBy(s => s.Key).ToListAsync();

        var resourceRows = new StringBuilder();
        foreach (var r in resources)
        {
            resourceRows.AppendLine(string.Join(" | ",
                r.Slug, r.Kind, r.Title, r.Summary, r.Body, r.Doi, r.Visibility, r.Language, r.Licence, r.ExternalUrl, r.Publisher, r.KeyFindings,
                r.EvaluationStatus, r.PublicationDate, r.PeriodStart, r.PeriodEnd,
                r.OwnerOrganisationId is { } owner ? names[owner] : "-",
                string.Join(";", r.Organisations.Select(o => names[o.OrganisationId]).Order(StringComparer.Ordinal)),
                string.Join(";", r.Authors.OrderBy(a => a.Position).Select(a => $"{a.Name}/{a.Orcid}")),
                string.Join(";", r.Terms.Select(t => $"{t.Term!.Vocabulary}/{t.Term.Key}").Order(StringComparer.Ordinal)),
                string.Join(";", r.Questions.Select(q => q.Question!.Key).Order(StringComparer.Ordinal)),
                r.PublishedAt is null ? "unpublished" : "published"));
        }

        return new Snapshot(
            organisations.Count, pages.Count, terms.Count, await db.Set<EvaluationQuestion>().CountAsync(), resources.Count,
            [.. resources.SelectMany(r => r.Files.OrderBy(f => f.Id).Select(f => new FileRow(r.Slug, f.FileName, f.ContentType, f.Length, f.Sha256)))],
            string.Join("\n", settings.Select(s => $"{s.Key}={s.Value}")),
            string.Join("\n", organisations.Select(o => $"{o.Name}|{o.Kind}|{o.Website}|{o.RorId}")),
            string.Join("\n", pages.Select(p => $"{p.Slug}|{p.Title}|{p.BodyMarkdown}|{p.NavOrder}|{p.Published}")),
            resourceRows.ToString(),
            string.Join("\n", terms.Select(t => $"{t.Vocabulary}|{t.Key}|{t.Label}|{t.Description}")),
            pages.ToDictionary(p => p.Slug, p => p.UpdatedAt),
            resources.ToDictionary(r => r.Slug, r => r.UpdatedAt));
    });
}
