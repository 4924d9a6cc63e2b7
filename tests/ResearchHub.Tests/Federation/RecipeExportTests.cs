using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Core.Recipes;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
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
        await AddExtraContentAsync(source);
        var reports = new List<RecipeExportProgress>();
        var exported = await source.WithScopeAsync(sp => sp.GetRequiredService<RecipeExportService>().ExportAsync(_work, new ListProgress(reports), CancellationToken.None));
        // Progress: every module's exporter in turn, files counted up to the total copied.
        Assert.Equal(Enumerable.Range(1, reports[0].Exporters), reports.Select(r => r.Exporter).Distinct());
        Assert.Equal(exported.Files, reports.Max(r => r.Files));
        Assert.Contains(reports, r => r.Current == "Meetings");
        Assert.Equal(Path.Combine(_work, "recipe.json"), exported.RecipePath);
        var expected = await SnapshotAsync(source);
        Assert.True(expected.Organisations > 0 && expected.Pages > 0 && expected.Terms > 0 && expected.Resources > 0 && expected.Files.Count > 0, expected.ToString());
        var expectedAreas = await AreasAsync(source);
        // Every area has content to carry over, or the comparison below proves nothing.
        foreach (var (area, rows) in expectedAreas)
        {
            Assert.True(rows.Count > 0, $"the source hub has no {area}");
        }

        Assert.Contains(expectedAreas["meeting documents"], d => d.Contains("Slides for the welcome", StringComparison.Ordinal));
        Assert.Contains(expectedAreas["codebook versions"], v => v.StartsWith("Four Cs: outcome themes in LAC stories|2|", StringComparison.Ordinal));
        Assert.Contains(expectedAreas["group posts"], p => p.Contains("A reply from the export test", StringComparison.Ordinal));
        var allFiles = expected.Files.Select(f => f.Sha256).Concat(await source.WithDbAsync(db => db.Set<MeetingDocument>().Select(d => d.Sha256).ToListAsync()));
        Assert.Equal(allFiles.Distinct().Count(), exported.Files);

        // No extraction worker on the target: it would finish extracting the imported files at any
        // moment, and the fingerprints compare what the imports wrote, not what the worker did after.
        await using var target = new HubFactory(provider).WithSetting("Hub:Library:RunExtractionWorker", "false");
        await target.StartAsync();
        Task RunAsync() => target.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunFileAsync(exported.RecipePath, CancellationToken.None));

        await RunAsync();
        var imported = await SnapshotAsync(target);
        AssertSame(expected, imported);
        var importedAreas = await AreasAsync(target);
        foreach (var (area, rows) in expectedAreas)
        {
            Assert.True(rows.SequenceEqual(importedAreas[area]), $"{area} differ:\n{string.Join("\n", rows.Except(importedAreas[area]).Take(5))}\n---\n{string.Join("\n", importedAreas[area].Except(rows).Take(5))}");
        }

        // Members arrive without a password (they use "forgot password" or an invitation); the target's own administrator keeps theirs.
        var passwords = await target.WithDbAsync(db => db.Set<HubUser>().Select(u => new { u.Email, HasPassword = u.PasswordHash != null }).ToListAsync());
        Assert.All(passwords.Where(p => p.Email != HubFactory.AdminEmail), p => Assert.False(p.HasPassword, p.Email));
        Assert.DoesNotContain("PasswordHash", await File.ReadAllTextAsync(exported.RecipePath), StringComparison.OrdinalIgnoreCase);
        var fingerprint = await FingerprintAsync(target);
        Assert.True(fingerprint.Count > 40, $"only {fingerprint.Count} tables: {string.Join(", ", fingerprint.Keys)}");
        Assert.Equal(importedAreas["members"].Count, fingerprint["Users"].Count);
        Assert.Equal(importedAreas["members"].Count, fingerprint["UserRoles"].Count);
        Assert.Equal(importedAreas["meeting documents"].Count, fingerprint["MeetingDocuments"].Count);
        Assert.Equal(importedAreas["codes"].Count, fingerprint["CodebookCodes"].Count);

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
        var fingerprintAgain = await FingerprintAsync(target);
        Assert.Equal(fingerprint.Keys.Order(), fingerprintAgain.Keys.Order());
        foreach (var (table, rows) in fingerprint)
        {
            Assert.True(rows.SequenceEqual(fingerprintAgain[table]), $"the second import changed {table}:\n{string.Join("\n", fingerprintAgain[table].Except(rows).Take(5))}");
        }

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

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Bad_items_in_the_exported_steps_are_named_and_nothing_changes(string provider)
    {
        // The fingerprints compare what the refused recipes wrote, not what the workers do with the
        // demo meanwhile: no extraction worker or harvester, and the demo's mail and digests are
        // done with (two fingerprints a little apart agree) before the first is taken.
        await using var hub = new HubFactory(provider).WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"))
            .WithSetting("Hub:Library:RunExtractionWorker", "false")
            .WithSetting("Hub:Federation:Harvester:RunWorker", "false");
        await hub.StartAsync();
        var before = await FingerprintAsync(hub);
        await Poll.UntilAsync(async () =>
        {
            var next = await FingerprintAsync(hub);
            var settled = next.Count == before.Count && next.All(t => before.TryGetValue(t.Key, out var rows) && rows.SequenceEqual(t.Value));
            before = next;
            return settled;
        }, "the demo hub's workers to be done with it", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));

        var folder = Directory.CreateDirectory(Path.Combine(_work, "bad")).FullName;
        var cases = new (string Steps, string Message)[]
        {
            ("""{ "name": "date-polls", "polls": [ { "title": "P", "createdBy": "organiser@example.org", "slots": [ { "start": "2018-10-04T10:00", "duration": 60 } ], "chosenSlot": 3 } ] }""",
                "\"chosenSlot\" 3 is not the index of one of its slots"),
            ("""{ "name": "date-polls", "polls": [ { "title": "P", "createdBy": "organiser@example.org", "slots": [ { "start": "2018-10-04T10:00", "duration": 60 } ], "responses": [ { "member": "organiser@example.org", "answers": ["perhaps"] } ] } ] }""",
                "an answer is \"yes\", \"if-need-be\", \"no\" or null"),
            ("""{ "name": "meetings", "meetings": [ { "uid": "bad-doc@test", "title": "T", "start": "2030-01-01T10:00", "end": "2030-01-01T11:00", "documents": [ { "title": "D", "path": "../outside.txt", "fileName": "outside.txt" } ] } ] }""",
                "must stay inside the recipe's folder"),
            ("""{ "name": "questionnaires", "questionnaires": [ { "meeting": "lac-research-2018-autumn@researchhub", "questions": ["Fine?", ""] } ] }""",
                "questions[1]: a question is text of 1 to 500 characters"),
            ("""{ "name": "codebooks", "codebooks": [ { "name": "Bad versions", "codes": [], "versions": [ { "number": 1, "snapshot": "not json" } ] } ] }""",
                "\"snapshot\" is not a codebook version's JSON"),
        };
        foreach (var (steps, message) in cases)
        {
            var recipe = Path.Combine(folder, "recipe.json");
            await File.WriteAllTextAsync(recipe, $$"""{ "name": "bad", "steps": [ {{steps}} ] }""");
            var ex = await Assert.ThrowsAsync<RecipeException>(() => hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunFileAsync(recipe, CancellationToken.None)));
            Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        }

        var after = await FingerprintAsync(hub);
        foreach (var (table, rows) in before)
        {
            Assert.True(rows.SequenceEqual(after[table]), $"a refused recipe changed {table}:\n{string.Join("\n", rows.Except(after[table]).Take(5))}\n---\n{string.Join("\n", after[table].Except(rows).Take(5))}");
        }
    }

    /// <summary>What the demo recipe does not hold: a meeting document, a second codebook version, a thread with a reply.</summary>
    private static async Task AddExtraContentAsync(HubFactory hub)
    {
        await hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            var meeting = await db.Set<Meeting>().Include(m => m.AgendaItems).Where(m => m.AgendaItems.Count > 0).OrderBy(m => m.Id).FirstAsync();
            var item = meeting.AgendaItems.OrderBy(i => i.StartUtc).First();
            await using var content = new MemoryStream(Encoding.UTF8.GetBytes("Welcome slides: the agenda, who is who, and the questions for the day."));
            var added = await sp.GetRequiredService<DocumentService>().AddAsync(meeting.Id, new DocumentFields("Slides for the welcome", item.Id), content, "welcome.txt", CancellationToken.None);
            Assert.True(added.Succeeded, string.Join(" ", added.Problems.Select(p => p.Message)));

            var codebook = await db.Set<Codebook>().Include(c => c.Codes).Include(c => c.Sets).ThenInclude(s => s.Members).ThenInclude(m => m.Code)
                .FirstAsync(c => c.Name == "Four Cs: outcome themes in LAC stories");
            codebook.Codes.OrderBy(c => c.Id).Last().Definition += " (revised)";
            codebook.VersionCount = 2;
            db.Add(new CodebookVersion { CodebookId = codebook.Id, Number = 2, SnapshotJson = CodebookSnapshot.Of(codebook).ToJson(), CreatedAt = hub.Clock.GetUtcNow() });

            // A closed date poll with a chosen slot, an invitee and answers (one slot left unanswered).
            var organiser = await db.Set<HubUser>().Where(u => u.Email == "organiser@example.org").Select(u => u.Id).SingleAsync();
            var members = await db.Set<HubUser>().Where(u => u.Email != HubFactory.AdminEmail && u.Id != organiser).OrderBy(u => u.Email).Select(u => u.Id).Take(2).ToListAsync();
            var poll = new DatePoll
            {
                Title = "Autumn meeting: which day?", DescriptionMarkdown = "Pick the days you can come.", SeriesId = meeting.SeriesId ?? (await db.Set<MeetingSeries>().FirstAsync()).Id,
                HideParticipants = true, Status = PollStatus.Closed, CreatedByUserId = organiser, CreatedAt = hub.Clock.GetUtcNow(), ClosedAt = hub.Clock.GetUtcNow(),
                Slots =
                [
                    new PollSlot { StartUtc = new DateTimeOffset(2018, 10, 4, 9, 0, 0, TimeSpan.Zero), DurationMinutes = 360, TimeZoneId = "Europe/London" },
                    new PollSlot { StartUtc = new DateTimeOffset(2018, 10, 11, 9, 0, 0, TimeSpan.Zero), DurationMinutes = 360, TimeZoneId = "Europe/London" },
                ],
            };
            db.Add(poll);
            await db.SaveChangesAsync();
            poll.ChosenSlotId = poll.Slots[1].Id;
            db.Add(new PollInvitee { PollId = poll.Id, UserId = members[0] });
            db.Add(new PollInvitee { PollId = poll.Id, UserId = members[1] });
            db.Add(new PollResponse { PollId = poll.Id, UserId = members[0], Comment = "Either works", UpdatedAt = hub.Clock.GetUtcNow(),
                Answers = [new PollAnswer { SlotId = poll.Slots[0].Id, Choice = PollChoice.IfNeedBe }, new PollAnswer { SlotId = poll.Slots[1].Id, Choice = PollChoice.Yes }] });
            db.Add(new PollResponse { PollId = poll.Id, UserId = members[1], UpdatedAt = hub.Clock.GetUtcNow(),
                Answers = [new PollAnswer { SlotId = poll.Slots[1].Id, Choice = PollChoice.No }] });

            var group = await db.Set<MailingGroup>().OrderBy(g => g.Id).FirstAsync();
            var author = await db.Set<GroupMembership>().Where(m => m.GroupId == group.Id).Select(m => m.UserId).FirstAsync();
            var thread = new GroupPost { GroupId = group.Id, AuthorId = author, Subject = "Export test thread", Body = "Does it travel?", CreatedAt = hub.Clock.GetUtcNow(), PublishedAt = hub.Clock.GetUtcNow() };
            db.Add(thread);
            await db.SaveChangesAsync();
            db.Add(new GroupPost { GroupId = group.Id, ThreadId = thread.Id, AuthorId = author, Subject = thread.Subject, Body = "A reply from the export test", CreatedAt = hub.Clock.GetUtcNow(), PublishedAt = hub.Clock.GetUtcNow() });
            // Awaiting moderation: this hub's traffic, not its content, so it is not exported.
            db.Add(new GroupPost { GroupId = group.Id, AuthorId = author, Subject = "Pending", Body = "Not yet approved", Status = PostStatus.Pending, CreatedAt = hub.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
    }

    /// <summary>
    /// The areas beyond the library and pages, as sorted rows of the fields a reader sees, keyed by
    /// natural keys (emails, slugs, uids, GUIDs), never by ids that differ between hubs.
    /// </summary>
    private static Task<Dictionary<string, List<string>>> AreasAsync(HubFactory hub) => hub.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<HubDbContext>();
        var users = sp.GetRequiredService<UserManager<HubUser>>();
        var orgs = await db.Set<Organisation>().ToDictionaryAsync(o => o.Id, o => o.Name);
        var emails = await db.Set<HubUser>().ToDictionaryAsync(u => u.Id, u => u.Email ?? "");
        string Org(long? id) => id is { } i ? orgs[i] : "-";
        string Email(string? id) => id is null ? "-" : emails[id];
        static List<string> Sorted(IEnumerable<string> rows) => [.. rows.Order(StringComparer.Ordinal)];
        var areas = new Dictionary<string, List<string>>();

        var members = new List<string>();
        foreach (var u in await db.Set<HubUser>().ToListAsync())
        {
            members.Add($"{u.Email}|{u.DisplayName}|{Org(u.OrganisationId)}|{string.Join(",", (await users.GetRolesAsync(u)).Order(StringComparer.Ordinal))}");
        }

        areas["members"] = Sorted(members);

        var groups = await db.Set<MailingGroup>().ToDictionaryAsync(g => g.Id);
        areas["groups"] = Sorted(groups.Values.Select(g => $"{g.Slug}|{g.Name}|{g.Description}|{g.JoinPolicy}|{g.PostPolicy}|{g.ModeratePosts}|{g.Topics}"));
        areas["group members"] = Sorted((await db.Set<GroupMembership>().ToListAsync()).Select(m => $"{groups[m.GroupId].Slug}|{Email(m.UserId)}|{m.Mode}|{m.IsModerator}|{m.Status}"));
        var posts = await db.Set<GroupPost>().Where(p => p.Status == PostStatus.Published).ToListAsync();
        var subjects = posts.ToDictionary(p => p.Id, p => p.Subject);
        areas["group posts"] = Sorted(posts.Select(p => $"{groups[p.GroupId].Slug}|{(p.ThreadId is { } t ? "reply to " + subjects[t] : "thread")}|{Email(p.AuthorId)}|{p.Subject}|{p.Body}"));

        var series = await db.Set<MeetingSeries>().ToDictionaryAsync(s => s.Id);
        areas["meeting series"] = Sorted(series.Values.Select(s => $"{s.Slug}|{s.Title}|{s.DescriptionMarkdown}|{s.CadenceMonths}|{Email(s.OrganiserUserId)}"));
        var meetings = await db.Set<Meeting>().ToDictionaryAsync(m => m.Id);
        areas["meetings"] = Sorted(meetings.Values.Select(m => string.Join("|", m.Uid, m.SeriesId is { } s ? series[s].Slug : "-", m.Title, m.DescriptionMarkdown,
            m.StartUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), m.EndUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            m.TimeZoneId, m.Venue, m.OnlineUrl, m.Capacity, m.Visibility, m.Status, Email(m.OrganiserUserId))));
        var people = await db.Set<Person>().ToDictionaryAsync(p => p.Id);
        areas["meeting people"] = Sorted((await db.Set<MeetingPerson>().ToListAsync()).Select(p =>
            $"{meetings[p.MeetingId].Uid}|{p.Order}|{p.Role}|{people[p.PersonId].Name}|{people[p.PersonId].Affiliation}|{people[p.PersonId].BiographyMarkdown}|{Email(people[p.PersonId].UserId)}"));
        var sessions = await db.Set<AgendaSession>().ToDictionaryAsync(s => s.Id, s => s.Title);
        var agenda = await db.Set<AgendaItem>().Include(i => i.Speakers).ToListAsync();
        var agendaTitles = agenda.ToDictionary(i => i.Id, i => i.Title);
        areas["agenda items"] = Sorted(agenda.Select(i => string.Join("|", meetings[i.MeetingId].Uid, i.StartUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            i.DurationMinutes, i.Title, i.Kind, i.Notes, i.SessionId is { } s ? sessions[s] : "-",
            string.Join(",", i.Speakers.OrderBy(x => x.Order).Select(x => people[x.PersonId].Name)))));
        areas["minutes"] = Sorted((await db.Set<MinutesRevision>().ToListAsync()).GroupBy(r => r.MeetingId)
            .Select(g => $"{meetings[g.Key].Uid}|{g.MaxBy(r => r.Number)!.BodyMarkdown}"));
        areas["learning log"] = Sorted((await db.Set<LogEntry>().ToListAsync()).Select(e => string.Join("|",
            meetings[e.MeetingId].Uid, e.Order, e.Kind, e.Issue, e.Level, e.Owner, e.Status, e.Countermeasure, e.SystemChange, e.DueOn)));
        areas["meeting reports"] = Sorted((await db.Set<MeetingReport>().ToListAsync()).Select(r => $"{meetings[r.MeetingId].Uid}|{r.Status}|{r.BodyMarkdown}|{r.ReviewClosesAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}"));
        areas["questionnaires"] = Sorted((await db.Set<Questionnaire>().Include(q => q.Questions).ToListAsync()).Select(q => string.Join("|",
            meetings[q.MeetingId].Uid, q.IntroMarkdown, q.IsOpen, q.ClosesAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            string.Join("/", q.Questions.OrderBy(x => x.Order).Select(x => x.Text)))));
        areas["meeting documents"] = Sorted((await db.Set<MeetingDocument>().ToListAsync()).Select(d =>
            $"{meetings[d.MeetingId].Uid}|{d.Title}|{d.FileName}|{d.ContentType}|{d.Length}|{d.Sha256}|{(d.AgendaItemId is { } i ? agendaTitles[i] : "-")}"));

        var polls = await db.Set<DatePoll>().Include(p => p.Slots).ToDictionaryAsync(p => p.Id);
        var slots = polls.Values.SelectMany(p => p.Slots).ToDictionary(s => s.Id, s => s.StartUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        areas["date polls"] = Sorted(polls.Values.Select(p => string.Join("|", p.Title, p.DescriptionMarkdown, Email(p.CreatedByUserId),
            p.SeriesId is { } s ? series[s].Slug : "-", p.MeetingId is { } m ? meetings[m].Uid : "-", p.HideParticipants, p.Status, p.ClosedAt is null,
            p.ChosenSlotId is { } c ? slots[c] : "-",
            string.Join(",", p.Slots.OrderBy(x => x.StartUtc).Select(x => $"{slots[x.Id]}/{x.DurationMinutes}/{x.TimeZoneId}")))));
        areas["poll invitees"] = Sorted((await db.Set<PollInvitee>().ToListAsync()).Select(i => $"{polls[i.PollId].Title}|{Email(i.UserId)}"));
        areas["poll answers"] = Sorted((await db.Set<PollResponse>().Include(r => r.Answers).ToListAsync()).Select(r =>
            $"{polls[r.PollId].Title}|{Email(r.UserId)}|{r.Comment}|{string.Join(",", r.Answers.Select(a => $"{slots[a.SlotId]}={a.Choice}").Order(StringComparer.Ordinal))}"));

        var codebooks = await db.Set<Codebook>().ToDictionaryAsync(c => c.Id);
        var resources = await db.Set<Resource>().ToDictionaryAsync(r => r.Id, r => r.Slug);
        areas["codebooks"] = Sorted(codebooks.Values.Select(c => string.Join("|", c.Name, c.Description, Org(c.OwnerOrganisationId), c.Licence, c.Origin,
            c.Visibility, c.Status, c.VersionCount, c.LibraryResourceId is { } r ? resources[r] : "-")));
        var codes = await db.Set<Code>().ToListAsync();
        var codeGuids = codes.ToDictionary(c => c.Id, c => c.Guid);
        areas["codes"] = Sorted(codes.Select(c => string.Join("|", codebooks[c.CodebookId].Name, c.Guid, c.ParentId is { } p ? codeGuids[p] : "-", c.Position,
            c.Name, c.Definition, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color, c.IsCodable)));
        areas["code sets"] = Sorted((await db.Set<CodeSet>().Include(s => s.Members).ToListAsync()).Select(s =>
            $"{codebooks[s.CodebookId].Name}|{s.Guid}|{s.Name}|{s.Description}|{string.Join(",", s.Members.Select(m => codeGuids[m.CodeId]).Order())}"));
        areas["codebook versions"] = Sorted((await db.Set<CodebookVersion>().ToListAsync()).Select(v => $"{codebooks[v.CodebookId].Name}|{v.Number}|{v.SnapshotJson}"));
        areas["crosswalks"] = Sorted((await db.Set<Crosswalk>().Include(x => x.Mappings).ToListAsync()).Select(x =>
            $"{codebooks[x.FromCodebookId].Name}|{codebooks[x.ToCodebookId].Name}|{x.Note}|{string.Join(",", x.Mappings.Select(m => $"{m.FromCodeGuid}>{m.ToCodeGuid}:{m.Relation}:{m.Note}").Order(StringComparer.Ordinal))}"));
        areas["coded excerpts"] = Sorted((await db.Set<CodedExcerpt>().Include(e => e.Codes).ToListAsync()).Select(e =>
            $"{codebooks[e.CodebookId].Name}|{orgs[e.OrganisationId]}|{e.ExternalId}|{e.Text}|{e.Visibility}|{e.CodedOn}|{string.Join(",", e.Codes.Select(c => c.CodeGuid).Order())}"));
        return areas;
    });

    /// <summary>
    /// Every row of every table the model maps (all columns, ids and timestamps included), except the
    /// log of recipe runs, which records each run by design, and the background workers' leases, which
    /// the workers renew on their own schedule: a second import must leave all of it as it was.
    /// </summary>
    private static Task<Dictionary<string, List<string>>> FingerprintAsync(HubFactory hub) => hub.WithDbAsync(async db =>
    {
        var result = new Dictionary<string, List<string>>();
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        foreach (var entityType in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && !e.HasSharedClrType && e.FindPrimaryKey() is not null && e.GetTableName() is not null))
        {
            if (entityType.ClrType == typeof(RecipeRun) || entityType.GetTableName()!.EndsWith("Leases", StringComparison.Ordinal))
            {
                continue;
            }

            var query = (IQueryable<object>)set.MakeGenericMethod(entityType.ClrType).Invoke(db, null)!;
            var rows = new List<string>();
            foreach (var row in await query.ToListAsync())
            {
                var entry = db.Entry(row);
                rows.Add(string.Join("|", entityType.GetProperties().Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture))));
            }

            rows.Sort(StringComparer.Ordinal);
            result[entityType.GetTableName()!] = rows;
        }

        db.ChangeTracker.Clear();
        return result;
    });

    private sealed class ListProgress(List<RecipeExportProgress> reports) : IProgress<RecipeExportProgress>
    {
        public void Report(RecipeExportProgress value) => reports.Add(value);
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
