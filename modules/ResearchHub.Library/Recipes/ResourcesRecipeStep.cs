using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Library.Recipes;

/// <summary>
/// { "name": "resources", "resources": [ { "slug", "kind", "title", "summary", "body", "owner", "authors": [ { "name", "orcid" } ],
/// "organisations": [names], "terms": { "sites": [keys], ... }, "evaluationQuestions": [keys], "publicationDate": "2018-02-15",
/// "periodStart", "periodEnd", "licence", "externalUrl", "doi", "language", "evaluationStatus", "keyFindings", "publisher",
/// "visibility", "files": [ { "name", "text" | "pdf" | "docx": [paragraphs] } | { "path", "fileName", "contentType" } ] } ] }.
/// A resource is created when its slug is new and left as it is when present: the network may have
/// edited it since, and a recipe run again must change nothing. Files are generated from their text,
/// or (in an exported recipe) read from "path", relative to the recipe file's folder; "contentType"
/// is informative, the type is detected from the bytes as for any upload.
/// </summary>
public sealed class ResourcesRecipeStep(ResourceService resources, VocabularyService vocabularies, IMemberDirectory directory) : IRecipeStepHandler
{
    public string Name => "resources";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var viewer = new LibraryViewer(true, null, $"recipe \"{context.RecipeName}\"", null, IsAdmin: true, CanContribute: true);
        foreach (var (item, where) in step.Items("resources", "step \"resources\""))
        {
            var slug = item.RequiredString("slug", where).Trim();
            if (slug != Slugs.From(slug))
            {
                throw new RecipeException($"{where}: slug \"{slug}\" must be lower-case letters, digits and hyphens.");
            }

            if (await context.Db.Set<Resource>().AnyAsync(r => r.Slug == slug, ct))
            {
                continue;
            }

            var input = await InputAsync(context, item, where, ct);
            var change = await resources.CreateAsync(input, viewer, ct, slug);
            if (!change.Succeeded)
            {
                throw new RecipeException($"{where}: {string.Join(" ", change.Errors.Select(e => $"{e.Key}: {e.Value}"))}");
            }

            var id = change.Resource!.Id;
            if (item.TryGetProperty("files", out _))
            {
                foreach (var (file, fileWhere) in item.Items("files", where))
                {
                    var (name, stream) = FileContent(context, file, fileWhere);
                    await using (stream)
                    {
                        var upload = await resources.AddFileAsync(id, stream, name, viewer, ct);
                        if (upload.File is null)
                        {
                            throw new RecipeException($"{fileWhere}: {upload.Problem}");
                        }

                        // An exported file is named by its SHA-256: a file changed on its way between hubs is refused, not published.
                        var expected = Path.GetFileName(file.OptionalString("path", fileWhere) ?? "");
                        if (expected.Length == 64 && expected.All(Uri.IsHexDigit) && !string.Equals(expected, upload.File.Sha256, StringComparison.OrdinalIgnoreCase))
                        {
                            throw new RecipeException($"{fileWhere}: the file's SHA-256 is {upload.File.Sha256}, not {expected} as its name says.");
                        }
                    }
                }
            }

            var visibilityText = item.OptionalString("visibility", where) ?? "public";
            if (!Visibilities.TryParse(visibilityText, out var visibility))
            {
                throw new RecipeException($"{where}: visibility \"{visibilityText}\" is not one of draft, organisation, network, public.");
            }

            var published = await resources.SetVisibilityAsync(id, visibility, viewer, ct);
            if (!published.Errors.IsValid)
            {
                throw new RecipeException($"{where}: {string.Join(" ", published.Errors.Values)}");
            }
        }
    }

    private static (string Name, Stream Content) FileContent(RecipeContext context, JsonElement file, string where)
    {
        // An exported recipe's file: its bytes are beside the recipe, at "path" relative to its folder.
        if (file.OptionalString("path", where) is { } path)
        {
            var full = context.ResolveFile(path, where);
            try
            {
                return (file.RequiredString("fileName", where), File.OpenRead(full));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RecipeException($"{where}: cannot read \"{path}\": {ex.Message}", ex);
            }
        }

        var (name, bytes) = GeneratedContent(file, where);
        return (name, new MemoryStream(bytes));
    }

    private static (string Name, byte[] Bytes) GeneratedContent(JsonElement file, string where)
    {
        var name = file.RequiredString("name", where);
        if (file.OptionalString("pdf", where) is { } pdf)
        {
            return (name, GeneratedDocuments.Pdf(pdf));
        }

        if (file.TryGetProperty("docx", out var docx) && docx.ValueKind == JsonValueKind.Array)
        {
            var paragraphs = docx.EnumerateArray().Select(p => p.GetString() ?? "").ToList();
            return (name, GeneratedDocuments.Docx(paragraphs.FirstOrDefault() ?? name, paragraphs.Skip(1)));
        }

        if (file.OptionalString("text", where) is { } text)
        {
            return (name, System.Text.Encoding.UTF8.GetBytes(text));
        }

        throw new RecipeException($"{where}: a file needs \"pdf\" (text), \"docx\" (paragraphs) or \"text\".");
    }

    private async Task<ResourceInput> InputAsync(RecipeContext context, JsonElement item, string where, CancellationToken ct)
    {
        var kindText = item.RequiredString("kind", where);
        if (!ResourceKinds.TryParse(kindText, out var kind))
        {
            throw new RecipeException($"{where}: kind \"{kindText}\" is not one of {string.Join(", ", ResourceKinds.All.Select(k => k.Slug))}.");
        }

        async Task<long> OrganisationAsync(string name) =>
            await directory.OrganisationIdByNameAsync(name, ct)
            ?? throw new RecipeException($"{where}: organisation \"{name}\" does not exist (add it in an \"organisations\" step first).");

        var input = new ResourceInput
        {
            Kind = kind,
            Title = item.RequiredString("title", where),
            Summary = item.OptionalString("summary", where),
            Body = item.OptionalString("body", where),
            PublicationDate = Date(item, "publicationDate", where),
            PeriodStart = Date(item, "periodStart", where),
            PeriodEnd = Date(item, "periodEnd", where),
            Licence = item.OptionalString("licence", where),
            ExternalUrl = item.OptionalString("externalUrl", where),
            Doi = item.OptionalString("doi", where),
            Language = item.OptionalString("language", where),
            KeyFindings = item.OptionalString("keyFindings", where),
            Publisher = item.OptionalString("publisher", where),
        };

        if (item.OptionalString("owner", where) is { } owner)
        {
            input.OwnerOrganisationId = await OrganisationAsync(owner);
        }

        if (item.TryGetProperty("organisations", out var names) && names.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in names.EnumerateArray())
            {
                input.OrganisationIds.Add(await OrganisationAsync(name.GetString() ?? ""));
            }
        }

        if (item.TryGetProperty("authors", out _))
        {
            foreach (var (author, authorWhere) in item.Items("authors", where))
            {
                input.Authors.Add(new AuthorInput { Name = author.RequiredString("name", authorWhere), Orcid = author.OptionalString("orcid", authorWhere) });
            }
        }

        if (item.OptionalString("evaluationStatus", where) is { } statusText)
        {
            input.EvaluationStatus = EvaluationStatuses.TryParse(statusText, out var status)
                ? status
                : throw new RecipeException($"{where}: evaluationStatus \"{statusText}\" is not one of planned, in-progress, interim, final.");
        }

        if (item.TryGetProperty("terms", out var terms) && terms.ValueKind == JsonValueKind.Object)
        {
            var keys = terms.EnumerateObject().ToDictionary(
                p => p.Name,
                p => (IReadOnlyList<string>)p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList());
            var (ids, unknown) = await vocabularies.ResolveTermsAsync(keys, ct);
            input.TermIds = ids;
            if (unknown.Count > 0)
            {
                throw new RecipeException($"{where}: unknown terms {string.Join(", ", unknown)} (add them in a \"vocabularies\" step first).");
            }
        }

        if (item.TryGetProperty("evaluationQuestions", out var questions) && questions.ValueKind == JsonValueKind.Array)
        {
            var (ids, unknown) = await vocabularies.ResolveQuestionsAsync(questions.EnumerateArray().Select(q => q.GetString() ?? "").ToList(), ct);
            input.QuestionIds = ids;
            if (unknown.Count > 0)
            {
                throw new RecipeException($"{where}: unknown evaluation questions {string.Join(", ", unknown)} (add them in an \"evaluation-questions\" step first).");
            }
        }

        return input;
    }

    private static DateOnly? Date(JsonElement item, string property, string where)
    {
        var text = item.OptionalString(property, where);
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new RecipeException($"{where}: \"{property}\" must be a date written as yyyy-mm-dd.");
    }
}
