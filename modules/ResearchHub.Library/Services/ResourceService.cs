using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Members;
using ResearchHub.Core.Search;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Jobs;

namespace ResearchHub.Library.Services;

/// <summary>
/// Every change to a resource goes through here (forms, API, recipes), so the rules hold everywhere:
/// validation before anything is saved, edit rights, the workflow history, and a version kept for
/// every save of a published resource. Each change and its search index row commit together (Search).
/// </summary>
public sealed class ResourceService(
    HubDbContext db,
    IMemberDirectory directory,
    IFileStore files,
    IOptions<LibraryOptions> options,
    ExtractionSignal extraction,
    ResourceSearchSource search,
    TimeProvider clock,
    ILogger<ResourceService> logger)
{
    public const int MaxAuthors = 50;

    /// <summary>The error key of files refused when a resource is created with them.</summary>
    public const string UploadsKey = "Uploads";

    /// <summary>A resource with everything its page, snapshot and citations need.</summary>
    public Task<Resource?> LoadAsync(long id, CancellationToken ct) =>
        db.Set<Resource>()
            .Include(r => r.Authors.OrderBy(a => a.Position))
            .Include(r => r.Organisations)
            .Include(r => r.Terms).ThenInclude(t => t.Term)
            .Include(r => r.Questions).ThenInclude(q => q.Question)
            .Include(r => r.Files)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, ct);

    public async Task<ResourceErrors> ValidateAsync(ResourceInput input, LibraryViewer viewer, long? resourceId, CancellationToken ct)
    {
        var errors = new ResourceErrors();
        var kind = ResourceKinds.All.FirstOrDefault(k => k.Kind == input.Kind);
        if (kind is null)
        {
            errors["Kind"] = "Choose one of the kinds of resource offered.";
            return errors;
        }

        input.Title = input.Title?.Trim();
        if (string.IsNullOrEmpty(input.Title))
        {
            errors["Title"] = "Enter a title.";
        }
        else if (input.Title.Length > 300)
        {
            errors["Title"] = "The title can be up to 300 characters.";
        }

        if ((input.Summary?.Length ?? 0) > 2000)
        {
            errors["Summary"] = "The summary can be up to 2,000 characters.";
        }

        if ((input.Body?.Length ?? 0) > 500_000)
        {
            errors["Body"] = "The text can be up to 500,000 characters.";
        }

        input.Authors = input.Authors.Where(a => !string.IsNullOrWhiteSpace(a.Name) || !string.IsNullOrWhiteSpace(a.Orcid)).ToList();
        if (input.Authors.Count > MaxAuthors)
        {
            errors["Authors"] = $"A resource can list up to {MaxAuthors} authors.";
        }

        for (var i = 0; i < input.Authors.Count; i++)
        {
            var author = input.Authors[i];
            author.Name = author.Name?.Trim();
            if (string.IsNullOrEmpty(author.Name))
            {
                errors[$"Authors[{i}].Name"] = $"Enter the name of author {i + 1}, or clear their ORCID iD.";
            }
            else if (author.Name.Length > 200)
            {
                errors[$"Authors[{i}].Name"] = $"The name of author {i + 1} can be up to 200 characters.";
            }

            if (!string.IsNullOrWhiteSpace(author.Orcid))
            {
                if (Orcid.TryNormalise(author.Orcid, out var orcid))
                {
                    author.Orcid = orcid;
                }
                else
                {
                    errors[$"Authors[{i}].Orcid"] = $"The ORCID iD of author {i + 1} is not valid: it looks like 0000-0002-1825-0097 and its last character is a check digit.";
                }
            }
            else
            {
                author.Orcid = null;
            }
        }

        if (kind.RequiresAuthors && input.Authors.Count == 0 && !errors.ContainsKey("Authors"))
        {
            errors["Authors[0].Name"] = $"Enter at least one author: every {kind.Name.ToLowerInvariant()} needs one.";
        }

        if (kind.RequiresPublicationDate && input.PublicationDate is null)
        {
            errors["PublicationDate"] = $"Enter the date it was published or held: every {kind.Name.ToLowerInvariant()} needs one.";
        }

        if (input.PeriodStart is not null && input.PeriodEnd is not null && input.PeriodEnd < input.PeriodStart)
        {
            errors["PeriodEnd"] = "The end of the period covered must be on or after its start.";
        }

        if (!string.IsNullOrWhiteSpace(input.ExternalUrl))
        {
            input.ExternalUrl = input.ExternalUrl.Trim();
            if (!Uri.TryCreate(input.ExternalUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
                || input.ExternalUrl.Length > 2000)
            {
                errors["ExternalUrl"] = "Enter the link as a full web address, like https://www.example.org/report.";
            }
        }
        else
        {
            input.ExternalUrl = null;
        }

        if (!string.IsNullOrWhiteSpace(input.Doi))
        {
            if (Doi.TryNormalise(input.Doi, out var doi) && doi.Length <= 300)
            {
                input.Doi = doi;
            }
            else
            {
                errors["Doi"] = "Enter a DOI like 10.1234/abcd.5678 (or https://doi.org/10.1234/abcd.5678).";
            }
        }
        else
        {
            input.Doi = null;
        }

        input.Language = string.IsNullOrWhiteSpace(input.Language) ? "en" : input.Language.Trim();
        if (!IsLanguageTag(input.Language))
        {
            errors["Language"] = "Enter a language code such as en, en-GB, cy or gd.";
        }

        input.Licence = Clean(input.Licence, 200, "Licence", "The licence can be up to 200 characters.", errors);
        input.Publisher = Clean(input.Publisher, 300, "Publisher", "The publisher can be up to 300 characters.", errors);
        input.KeyFindings = string.IsNullOrWhiteSpace(input.KeyFindings) ? null : input.KeyFindings.Trim();

        if (kind.ShowsEvaluationFields)
        {
            if (input.EvaluationStatus is { } status && !Enum.IsDefined(status))
            {
                errors["EvaluationStatus"] = "Choose one of the evaluation statuses offered.";
            }
        }
        else
        {
            // Fields the kind does not show are not kept, so a kind change leaves no hidden data behind.
            input.EvaluationStatus = null;
            input.KeyFindings = null;
            input.QuestionIds = [];
        }

        if (!kind.ShowsPeriod)
        {
            input.PeriodStart = null;
            input.PeriodEnd = null;
        }

        if (!kind.ShowsPublisher)
        {
            input.Publisher = null;
        }

        // Owner: editors own what they create for their organisation; administrators choose.
        if (viewer.IsAdmin)
        {
            if (input.OwnerOrganisationId is { } owner && (await directory.OrganisationNamesAsync([owner], ct)).Count == 0)
            {
                errors["OwnerOrganisationId"] = "Choose one of the organisations offered.";
            }
        }
        else if (resourceId is null)
        {
            input.OwnerOrganisationId = viewer.OrganisationId;
        }

        input.OrganisationIds = input.OrganisationIds.Distinct().ToList();
        if (input.OrganisationIds.Count > 0)
        {
            var known = (await directory.OrganisationNamesAsync(input.OrganisationIds, ct)).Count;
            if (known != input.OrganisationIds.Count)
            {
                errors["OrganisationIds"] = "Choose contributing organisations from the list offered.";
            }
        }

        input.TermIds = input.TermIds.Distinct().ToList();
        if (input.TermIds.Count > 0)
        {
            var known = await db.Set<VocabularyTerm>().CountAsync(t => input.TermIds.Contains(t.Id), ct);
            if (known != input.TermIds.Count)
            {
                errors["TermIds"] = "Choose sites, practice areas, methods and measures from the lists offered.";
            }
        }

        input.QuestionIds = input.QuestionIds.Distinct().ToList();
        if (input.QuestionIds.Count > 0)
        {
            var known = await db.Set<EvaluationQuestion>().CountAsync(q => input.QuestionIds.Contains(q.Id), ct);
            if (known != input.QuestionIds.Count)
            {
                errors["QuestionIds"] = "Choose evaluation questions from the list offered.";
            }
        }

        if (input.SupersededById is { } successor)
        {
            if (successor == resourceId || !await db.Set<Resource>().AnyAsync(r => r.Id == successor, ct))
            {
                errors["SupersededById"] = "Choose another resource in the library as the one that supersedes this.";
            }
        }

        return errors;
    }

    public Task<ResourceChange> CreateAsync(ResourceInput input, LibraryViewer viewer, CancellationToken ct, string? slug = null) =>
        CreateAsync(input, viewer, [], ct, slug);

    /// <summary>
    /// Creates a resource with its files, all or nothing: every file is staged and checked first (a
    /// refused one stops the create, its problem under "Uploads"), the bytes go to the content-addressed
    /// store, and then the resource, its file rows, its history and its index row commit in one
    /// transaction. A crash or a failure on the way leaves at most unreferenced bytes in the store,
    /// never a resource with some of its files.
    /// </summary>
    public async Task<ResourceChange> CreateAsync(
        ResourceInput input, LibraryViewer viewer, IReadOnlyList<(Stream Content, string? FileName)> uploads, CancellationToken ct, string? slug = null)
    {
        if (!viewer.IsAdmin && (!viewer.CanContribute || viewer.OrganisationId is null))
        {
            var forbidden = new ResourceErrors { [""] = "Only partner editors who belong to an organisation, and administrators, can add resources." };
            return new ResourceChange(null, forbidden, Forbidden: true);
        }

        var errors = await ValidateAsync(input, viewer, null, ct);
        if (!errors.IsValid)
        {
            return new ResourceChange(null, errors);
        }

        var staged = new List<(StagedFile File, DetectedFileType Type, string? Name)>();
        try
        {
            var problems = new List<string>();
            foreach (var (content, name) in uploads)
            {
                var (file, type, problem) = await StageCheckedAsync(content, name, ct);
                if (file is null)
                {
                    problems.Add($"{Path.GetFileName(name)}: {problem}");
                }
                else
                {
                    staged.Add((file, type!, name));
                }
            }

            if (problems.Count > 0)
            {
                errors[UploadsKey] = $"Nothing was saved, because {(problems.Count == 1 ? "a file was" : "some files were")} refused: {string.Join(" ", problems)} Choose the files again.";
                return new ResourceChange(null, errors);
            }

            var now = clock.GetUtcNow();
            var resource = new Resource
            {
                Slug = await UniqueSlugAsync(slug ?? Slugs.From(input.Title!), null, ct),
                Title = input.Title!,
                Visibility = ResourceVisibility.Draft,
                CreatedById = viewer.UserId,
                CreatedAt = now,
            };
            Apply(resource, input, now);
            foreach (var (file, type, name) in staged)
            {
                // Bytes first: before the commit below they are unreferenced, as removed files' bytes are.
                resource.Files.Add(NewFile(await files.CommitAsync(file, ct), file.Length, type, name, viewer, now));
            }

            await using var transaction = await UnitOfWork.BeginAsync(db, ct); // Search: data and index row together
            db.Set<Resource>().Add(resource);
            await db.SaveChangesAsync(ct);
            await RecordAsync(resource.Id, viewer, ResourceActions.Created, ResourceKinds.Get(resource.Kind).Name, ct);
            foreach (var file in resource.Files)
            {
                await RecordAsync(resource.Id, viewer, ResourceActions.FileAdded, file.FileName, ct);
            }

            await search.IndexAsync(resource.Id, ct);
            await transaction.CommitAsync(ct);
            if (resource.Files.Any(f => f.ExtractionState == ExtractionState.Pending))
            {
                extraction.Wake();
            }

            return new ResourceChange(resource, errors);
        }
        finally
        {
            foreach (var (file, _, _) in staged)
            {
                await file.DisposeAsync();
            }
        }
    }

    public async Task<ResourceChange> UpdateAsync(long id, ResourceInput input, LibraryViewer viewer, CancellationToken ct)
    {
        var resource = await LoadAsync(id, ct);
        if (resource is null || !viewer.CanSee(resource))
        {
            return new ResourceChange(null, [], NotFound: true);
        }

        if (!viewer.CanEdit(resource))
        {
            return new ResourceChange(null, [], Forbidden: true);
        }

        var errors = await ValidateAsync(input, viewer, id, ct);
        if (!errors.IsValid)
        {
            return new ResourceChange(resource, errors);
        }

        if (!viewer.IsAdmin)
        {
            input.OwnerOrganisationId = resource.OwnerOrganisationId;
        }

        var now = clock.GetUtcNow();
        Apply(resource, input, now);
        await using var transaction = await UnitOfWork.BeginAsync(db, ct); // Search: data and index row together
        await db.SaveChangesAsync(ct);
        await RecordAsync(resource.Id, viewer, ResourceActions.Edited, null, ct);
        await KeepVersionIfPublishedAsync(resource, viewer, ct);
        await search.IndexAsync(resource.Id, ct);
        await transaction.CommitAsync(ct);
        return new ResourceChange(resource, errors);
    }

    /// <summary>Publishing is an explicit action: moving out of (or back to) Draft, or to a wider or narrower audience.</summary>
    public async Task<ResourceChange> SetVisibilityAsync(long id, ResourceVisibility visibility, LibraryViewer viewer, CancellationToken ct)
    {
        var resource = await LoadAsync(id, ct);
        if (resource is null || !viewer.CanSee(resource))
        {
            return new ResourceChange(null, [], NotFound: true);
        }

        if (!viewer.CanEdit(resource))
        {
            return new ResourceChange(null, [], Forbidden: true);
        }

        var errors = new ResourceErrors();
        if (!Enum.IsDefined(visibility))
        {
            errors["Visibility"] = "Choose who may see it from the options offered.";
        }
        else if (visibility == ResourceVisibility.Organisation && resource.OwnerOrganisationId is null)
        {
            errors["Visibility"] = "This resource has no owning organisation, so it cannot be shared with one.";
        }

        if (!errors.IsValid || resource.Visibility == visibility)
        {
            return new ResourceChange(resource, errors);
        }

        var before = resource.Visibility;
        resource.Visibility = visibility;
        var now = clock.GetUtcNow();
        resource.UpdatedAt = now;
        if (visibility != ResourceVisibility.Draft && (before == ResourceVisibility.Draft || resource.PublishedAt is null))
        {
            resource.PublishedAt = now;
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct); // Search: data and index row together
        await db.SaveChangesAsync(ct);
        var action = visibility == ResourceVisibility.Draft ? ResourceActions.Unpublished : ResourceActions.Published;
        await RecordAsync(resource.Id, viewer, action, $"{Visibilities.DisplayName(before)} → {Visibilities.DisplayName(visibility)}", ct);
        await KeepVersionIfPublishedAsync(resource, viewer, ct);
        await search.IndexAsync(resource.Id, ct);
        await transaction.CommitAsync(ct);
        return new ResourceChange(resource, errors);
    }

    public async Task<FileUploadResult> AddFileAsync(long id, Stream content, string? fileName, LibraryViewer viewer, CancellationToken ct)
    {
        var resource = await LoadAsync(id, ct);
        if (resource is null || !viewer.CanSee(resource))
        {
            return FileUploadResult.Fail("The resource does not exist.", notFound: true);
        }

        if (!viewer.CanEdit(resource))
        {
            return FileUploadResult.Fail("You cannot add files to this resource.", forbidden: true);
        }

        var (staged, type, problem) = await StageCheckedAsync(content, fileName, ct);
        if (staged is null)
        {
            return FileUploadResult.Fail(problem!);
        }

        await using (staged)
        {
            var now = clock.GetUtcNow();
            var file = NewFile(await files.CommitAsync(staged, ct), staged.Length, type!, fileName, viewer, now);
            resource.Files.Add(file);
            resource.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            await RecordAsync(resource.Id, viewer, ResourceActions.FileAdded, file.FileName, ct);
            await KeepVersionIfPublishedAsync(resource, viewer, ct);
            if (file.ExtractionState == ExtractionState.Pending)
            {
                extraction.Wake();
            }

            logger.LogInformation("File {FileId} ({ContentType}, {Length} bytes) added to resource {ResourceId}", file.Id, file.ContentType, file.Length, resource.Id);
            return FileUploadResult.Ok(file);
        }
    }

    /// <summary>Copies an upload to the store's staging area (stopping at the size limit) and checks its type by content.</summary>
    private async Task<(StagedFile? File, DetectedFileType? Type, string? Problem)> StageCheckedAsync(Stream content, string? fileName, CancellationToken ct)
    {
        var max = options.Value.MaxUploadBytes;
        StagedFile staged;
        try
        {
            staged = await files.StageAsync(content, max, ct);
        }
        catch (FileTooLargeException ex)
        {
            return (null, null, $"The file is too large: {ex.Message}");
        }

        FileCheck check;
        await using (var stream = staged.OpenRead())
        {
            check = FileTypes.Detect(stream, fileName ?? "");
        }

        if (check.Type is null)
        {
            await staged.DisposeAsync();
            return (null, null, check.Problem);
        }

        return (staged, check.Type, null);
    }

    private static ResourceFile NewFile(string sha256, long length, DetectedFileType type, string? fileName, LibraryViewer viewer, DateTimeOffset now)
    {
        // Images carry no text to extract; every other type waits for the extraction job.
        var image = type.Kind is FileKind.Png or FileKind.Jpeg;
        return new ResourceFile
        {
            FileName = FileNames.Sanitise(fileName, type),
            ContentType = type.ContentType,
            Length = length,
            Sha256 = sha256,
            UploadedAt = now,
            UploadedById = viewer.UserId,
            ExtractionState = image ? ExtractionState.Done : ExtractionState.Pending,
            ExtractedAt = image ? now : null,
        };
    }

    public async Task<ResourceChange> RemoveFileAsync(long id, long fileId, LibraryViewer viewer, CancellationToken ct)
    {
        var resource = await LoadAsync(id, ct);
        var file = resource?.Files.FirstOrDefault(f => f.Id == fileId);
        if (resource is null || file is null || !viewer.CanSee(resource))
        {
            return new ResourceChange(null, [], NotFound: true);
        }

        if (!viewer.CanEdit(resource))
        {
            return new ResourceChange(null, [], Forbidden: true);
        }

        // The bytes stay in the store: older versions of a published resource still list them.
        resource.Files.Remove(file);
        db.Set<ResourceFile>().Remove(file);
        resource.UpdatedAt = clock.GetUtcNow();
        await using var transaction = await UnitOfWork.BeginAsync(db, ct); // Search: the file's text leaves the index with it
        await db.SaveChangesAsync(ct);
        await RecordAsync(resource.Id, viewer, ResourceActions.FileRemoved, file.FileName, ct);
        await KeepVersionIfPublishedAsync(resource, viewer, ct);
        await search.IndexAsync(resource.Id, ct);
        await transaction.CommitAsync(ct);
        return new ResourceChange(resource, []);
    }

    public async Task<ResourceChange> DeleteAsync(long id, LibraryViewer viewer, CancellationToken ct)
    {
        var resource = await db.Set<Resource>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (resource is null || !viewer.CanSee(resource))
        {
            return new ResourceChange(null, [], NotFound: true);
        }

        if (!viewer.CanEdit(resource))
        {
            return new ResourceChange(null, [], Forbidden: true);
        }

        await using var transaction = await UnitOfWork.BeginAsync(db, ct); // Search: data and index row together
        await db.Set<Resource>().Where(r => r.SupersededById == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.SupersededById, (long?)null), ct);
        db.Set<Resource>().Remove(resource);
        await db.SaveChangesAsync(ct);
        await search.RemoveAsync(id, ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Resource {ResourceId} ({Title}) deleted by {UserId}", id, resource.Title, viewer.UserId);
        return new ResourceChange(resource, []);
    }

    /// <summary>The resource's current state as a snapshot (also what a new version keeps).</summary>
    public async Task<ResourceSnapshot> SnapshotAsync(Resource resource, CancellationToken ct)
    {
        var organisationIds = resource.Organisations.Select(o => o.OrganisationId)
            .Concat(resource.OwnerOrganisationId is { } owner ? [owner] : []).ToList();
        var names = await directory.OrganisationNamesAsync(organisationIds, ct);
        var kind = ResourceKinds.Get(resource.Kind);
        return new ResourceSnapshot(
            resource.Title,
            kind.Name,
            Visibilities.DisplayName(resource.Visibility),
            resource.Summary,
            resource.Body,
            resource.Authors.OrderBy(a => a.Position).Select(a => a.Orcid is null ? a.Name : $"{a.Name} (ORCID {a.Orcid})").ToList(),
            resource.OwnerOrganisationId is { } o && names.TryGetValue(o, out var ownerName) ? ownerName : null,
            resource.Organisations.Select(x => names.GetValueOrDefault(x.OrganisationId, $"#{x.OrganisationId}")).Order(StringComparer.Ordinal).ToList(),
            resource.Terms.Where(t => t.Term is not null)
                .GroupBy(t => t.Term!.Vocabulary)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Term!.Label).Order(StringComparer.Ordinal).ToList()),
            resource.Questions.Where(q => q.Question is not null).OrderBy(q => q.Question!.Order).Select(q => q.Question!.Text).ToList(),
            resource.PublicationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FormatPeriod(resource.PeriodStart, resource.PeriodEnd),
            resource.Licence,
            resource.ExternalUrl,
            resource.Doi,
            resource.Language,
            resource.EvaluationStatus is { } status ? EvaluationStatuses.DisplayName(status) : null,
            resource.KeyFindings,
            resource.Publisher,
            resource.Files.OrderBy(f => f.Id).Select(f => new SnapshotFile(f.FileName, f.ContentType, f.Length, f.Sha256)).ToList());
    }

    public static string? FormatPeriod(DateOnly? start, DateOnly? end) => (start, end) switch
    {
        (null, null) => null,
        ({ } s, null) => $"from {s:yyyy-MM-dd}",
        (null, { } e) => $"until {e:yyyy-MM-dd}",
        ({ } s, { } e) => $"{s:yyyy-MM-dd} to {e:yyyy-MM-dd}",
    };

    private async Task KeepVersionIfPublishedAsync(Resource resource, LibraryViewer viewer, CancellationToken ct)
    {
        if (resource.Visibility == ResourceVisibility.Draft)
        {
            return;
        }

        // Reload the terms and questions so the snapshot has their labels, not only their ids.
        await db.Entry(resource).Collection(r => r.Terms).Query().Include(t => t.Term).LoadAsync(ct);
        await db.Entry(resource).Collection(r => r.Questions).Query().Include(q => q.Question).LoadAsync(ct);
        var snapshot = await SnapshotAsync(resource, ct);
        var json = snapshot.ToJson();
        var latest = await db.Set<ResourceVersion>().Where(v => v.ResourceId == resource.Id)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        if (latest?.SnapshotJson == json)
        {
            return; // nothing a reader would see changed
        }

        resource.VersionCount = (latest?.Number ?? 0) + 1;
        db.Set<ResourceVersion>().Add(new ResourceVersion
        {
            ResourceId = resource.Id,
            Number = resource.VersionCount,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = viewer.UserId,
            CreatedByName = viewer.Name,
            SnapshotJson = json,
        });
        await db.SaveChangesAsync(ct);
    }

    private async Task RecordAsync(long resourceId, LibraryViewer viewer, string action, string? detail, CancellationToken ct)
    {
        db.Set<ResourceEvent>().Add(new ResourceEvent
        {
            ResourceId = resourceId,
            At = clock.GetUtcNow(),
            ActorId = viewer.UserId,
            ActorName = viewer.Name ?? "the system",
            Action = action,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        });
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(Resource resource, ResourceInput input, DateTimeOffset now)
    {
        resource.Kind = input.Kind;
        resource.Title = input.Title!;
        resource.Summary = input.Summary?.Trim() ?? "";
        resource.Body = input.Body ?? "";
        resource.OwnerOrganisationId = input.OwnerOrganisationId;
        resource.PublicationDate = input.PublicationDate;
        resource.PeriodStart = input.PeriodStart;
        resource.PeriodEnd = input.PeriodEnd;
        resource.Licence = input.Licence;
        resource.ExternalUrl = input.ExternalUrl;
        resource.Doi = input.Doi;
        resource.Language = input.Language ?? "en";
        resource.EvaluationStatus = input.EvaluationStatus;
        resource.KeyFindings = input.KeyFindings;
        resource.Publisher = input.Publisher;
        resource.SupersededById = input.SupersededById;
        resource.UpdatedAt = now;

        resource.Authors.Clear();
        resource.Authors.AddRange(input.Authors.Select((a, i) => new ResourceAuthor { Name = a.Name!, Orcid = a.Orcid, Position = i }));
        Sync(resource.Organisations, input.OrganisationIds, o => o.OrganisationId, id => new ResourceOrganisation { OrganisationId = id });
        Sync(resource.Terms, input.TermIds, t => t.TermId, id => new ResourceTerm { TermId = id });
        Sync(resource.Questions, input.QuestionIds, q => q.QuestionId, id => new ResourceQuestion { QuestionId = id });
    }

    /// <summary>Updates a link collection in place, so EF deletes and inserts only what changed.</summary>
    private static void Sync<T>(List<T> links, List<long> wanted, Func<T, long> key, Func<long, T> create)
    {
        links.RemoveAll(l => !wanted.Contains(key(l)));
        foreach (var id in wanted.Where(id => links.All(l => key(l) != id)))
        {
            links.Add(create(id));
        }
    }

    private async Task<string> UniqueSlugAsync(string slug, long? except, CancellationToken ct)
    {
        var candidate = slug;
        for (var n = 2; await db.Set<Resource>().AnyAsync(r => r.Slug == candidate && r.Id != except, ct); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }

    private static string? Clean(string? value, int max, string field, string message, ResourceErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > max)
        {
            errors[field] = message;
        }

        return trimmed;
    }

    private static bool IsLanguageTag(string tag)
    {
        if (tag.Length is < 2 or > 35)
        {
            return false;
        }

        try
        {
            return !CultureInfo.GetCultureInfo(tag, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}

public sealed record FileUploadResult(ResourceFile? File, string? Problem, bool NotFound = false, bool Forbidden = false)
{
    public static FileUploadResult Ok(ResourceFile file) => new(file, null);

    public static FileUploadResult Fail(string problem, bool notFound = false, bool forbidden = false) => new(null, problem, notFound, forbidden);
}
