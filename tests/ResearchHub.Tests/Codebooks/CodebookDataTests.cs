using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Codebooks.QdcSamples;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Codebooks;

public sealed class CodebookHubs : HubFactoryFixture;

/// <summary>Codebooks in the database on both providers: import and export, refused imports, versions and diff, counts, access.</summary>
public sealed class CodebookDataTests(CodebookHubs hubs) : IClassFixture<CodebookHubs>
{
    private static LibraryViewer EditorOf(HubUser user) => new(true, user.Id, "editor", user.OrganisationId, IsAdmin: false, CanContribute: true);

    private async Task<(HubFactory Hub, Organisation Organisation, HubUser Editor, Codebook Codebook)> ImportedAsync(string provider, ResourceVisibility visibility = ResourceVisibility.Draft)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var codebook = await hub.WithScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<CodebookService>();
            var outcome = await service.ImportAsync(Stream(RealTool), "Outcome themes " + Guid.NewGuid().ToString("N")[..6], organisation.Id, EditorOf(editor), CancellationToken.None);
            Assert.True(outcome.Codebook is not null, outcome.Error);
            if (visibility != ResourceVisibility.Draft)
            {
                var c = outcome.Codebook;
                Assert.True((await service.UpdateAsync(c.Id, new CodebookInput(c.Name, c.Description, "CC BY 4.0", visibility, c.OwnerOrganisationId, null), EditorOf(editor), CancellationToken.None)).Succeeded);
            }

            return outcome.Codebook;
        });
        return (hub, organisation, editor, codebook);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_imported_codebook_exports_valid_qdc_that_imports_to_the_same_tree_guids_colours_descriptions_and_sets(string provider)
    {
        var (hub, _, editorUser, codebook) = await ImportedAsync(provider);
        var editor = await SignInAsync(hub, editorUser);

        using var response = await editor.GetAsync(new Uri($"/codebooks/{codebook.Id}/export.qdc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        QdcFormatTests.AssertValid(bytes);

        var original = (await QdcFormat.ReadAsync(Stream(RealTool), CancellationToken.None)).Codebook!;
        var exported = await QdcFormat.ReadAsync(new MemoryStream(bytes), CancellationToken.None);
        Assert.True(exported.Succeeded, exported.Error);
        Assert.Equal(QdcFormatTests.Flatten(original.Codes), QdcFormatTests.Flatten(exported.Codebook!.Codes));
        // Members are a set: REFI-QDA gives their order no meaning.
        Assert.Equal(original.Sets.Select(s => (s.Guid, s.Name, string.Join(",", s.MemberCodes.Order()))), exported.Codebook.Sets.Select(s => (s.Guid, s.Name, string.Join(",", s.MemberCodes.Order()))));

        // And imported again, into the database, the stored tree is the same.
        var again = await hub.WithScopeAsync(sp => sp.GetRequiredService<CodebookService>()
            .ImportAsync(new MemoryStream(bytes), "Re-imported", editorUser.OrganisationId, EditorOf(editorUser), CancellationToken.None));
        Assert.Empty(again.Warnings);
        var first = await hub.WithScopeAsync(sp => sp.GetRequiredService<CodebookService>().SnapshotAsync(codebook.Id, null, CancellationToken.None));
        var second = await hub.WithScopeAsync(sp => sp.GetRequiredService<CodebookService>().SnapshotAsync(again.Codebook!.Id, null, CancellationToken.None));
        Assert.Equal(first!.Tree().Select(r => (r.Path, r.Code.Guid, r.Code.Color, r.Code.Definition, r.Code.IsCodable)),
            second!.Tree().Select(r => (r.Path, r.Code.Guid, r.Code.Color, r.Code.Definition, r.Code.IsCodable)));
    }

    [Theory]
    [InlineData("Sqlite", nameof(MissingName))]
    [InlineData("Sqlite", nameof(EmptyCodes))]
    [InlineData("Sqlite", "Truncated")]
    [InlineData("Postgres", nameof(MissingName))]
    [InlineData("Postgres", "Truncated")]
    public async Task A_refused_import_leaves_the_database_unchanged(string provider, string sample)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var xml = sample == "Truncated" ? Truncated : (string)typeof(QdcSamples).GetField(sample)!.GetValue(null)!;
        var before = await hub.WithDbAsync(async db => (await db.Set<Codebook>().CountAsync(), await db.Set<Code>().CountAsync(), await db.Set<CodeSet>().CountAsync()));

        var outcome = await hub.WithScopeAsync(sp => sp.GetRequiredService<CodebookService>()
            .ImportAsync(Stream(xml), "Refused", organisation.Id, EditorOf(editor), CancellationToken.None));

        Assert.Null(outcome.Codebook);
        Assert.StartsWith("Line ", outcome.Error, StringComparison.Ordinal);
        var after = await hub.WithDbAsync(async db => (await db.Set<Codebook>().CountAsync(), await db.Set<Code>().CountAsync(), await db.Set<CodeSet>().CountAsync()));
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_diff_between_versions_shows_exactly_the_renamed_moved_and_deleted_codes(string provider)
    {
        var (hub, _, editorUser, codebook) = await ImportedAsync(provider);
        var viewer = EditorOf(editorUser);
        var (v1, v2) = await hub.WithScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<CodebookService>();
            var (first, error) = await service.PublishAsync(codebook.Id, viewer, CancellationToken.None);
            Assert.Null(error);
            var current = (await service.SnapshotAsync(codebook.Id, null, CancellationToken.None))!;
            var confidence = current.Codes.Single(c => c.Guid == Guid.Parse(Confidence));
            Assert.True((await service.UpdateCodeAsync(codebook.Id, confidence.Guid,
                new CodeInput("Self-confidence", confidence.Definition, null, null, null, confidence.Color, true, null), viewer, CancellationToken.None)).Succeeded);
            var control = current.Codes.Single(c => c.Guid == Guid.Parse(Control));
            Assert.True((await service.UpdateCodeAsync(codebook.Id, control.Guid,
                new CodeInput(control.Name, control.Definition, null, null, null, null, true, Guid.Parse(Connection)), viewer, CancellationToken.None)).Succeeded);
            Assert.True((await service.DeleteCodeAsync(codebook.Id, Guid.Parse(Belonging), viewer, CancellationToken.None)).Succeeded);
            var (second, error2) = await service.PublishAsync(codebook.Id, viewer, CancellationToken.None);
            Assert.Null(error2);
            return (first!.Number, second!.Number);
        });
        Assert.Equal((1, 2), (v1, v2));

        var diff = await hub.WithScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<CodebookService>();
            return CodebookDiff.Compare((await service.SnapshotAsync(codebook.Id, 1, CancellationToken.None))!, (await service.SnapshotAsync(codebook.Id, 2, CancellationToken.None))!);
        });
        Assert.Equal(
            new[] { (ChangeKind.Renamed, Guid.Parse(Confidence)), (ChangeKind.Moved, Guid.Parse(Control)), (ChangeKind.Removed, Guid.Parse(Belonging)) }.OrderBy(x => x.Item1),
            diff.Select(d => (d.Kind, d.Guid)).OrderBy(x => x.Kind));

        // Version 1 stays readable and exportable as it was.
        var editor = await SignInAsync(hub, editorUser);
        using var old = await editor.GetAsync(new Uri($"/codebooks/{codebook.Id}/export.qdc?version=1", UriKind.Relative));
        var oldBytes = await old.Content.ReadAsByteArrayAsync();
        QdcFormatTests.AssertValid(oldBytes);
        var oldBook = (await QdcFormat.ReadAsync(new MemoryStream(oldBytes), CancellationToken.None)).Codebook!;
        Assert.Contains(oldBook.Codes, c => c.Name == "Confidence");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Counts_equal_the_stored_codings_and_leave_out_organisation_only_excerpts_of_other_organisations(string provider)
    {
        var (hub, organisationA, editorA, codebook) = await ImportedAsync(provider, ResourceVisibility.Network);
        var organisationB = await CreateOrganisationAsync(hub);
        var editorB = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisationB.Id);
        var memberA = await CreateUserAsync(hub, HubRoles.Member, organisationA.Id);
        await hub.WithScopeAsync(async sp =>
        {
            var excerpts = sp.GetRequiredService<ExcerptService>();
            var csvA = "excerpt id,text,codes,coded on\r\nA1,\"I know my neighbours now, \"\"properly\"\"\",Connection / Belonging – ‘feeling part of’ Ærø;" + Confidence + ",2026-01-15\r\nA2,I chose what happened next,Contrôle / choice,2026-02-03\r\n";
            var (savedA, errorA) = await excerpts.ImportCsvAsync(codebook.Id, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csvA)), ExcerptVisibility.Network, EditorOf(editorA), CancellationToken.None);
            Assert.True(errorA is null, errorA);
            Assert.Equal(2, savedA);
            var b = await excerpts.AddAsync(codebook.Id, new ExcerptInput("B1", "My confidence came back", [Confidence, Control], ExcerptVisibility.Organisation, new DateOnly(2026, 2, 10)), EditorOf(editorB), CancellationToken.None);
            Assert.True(b.Succeeded, b.Error);
            var bad = await excerpts.ImportCsvAsync(codebook.Id, new MemoryStream("X1,text,No such code\n"u8.ToArray()), ExcerptVisibility.Network, EditorOf(editorA), CancellationToken.None);
            Assert.StartsWith("Line 1:", bad.Error, StringComparison.Ordinal);
            return 0;
        });

        async Task<CodeCounts> CountsFor(LibraryViewer viewer) => await hub.WithScopeAsync(async sp =>
            await sp.GetRequiredService<ExcerptService>().CountsAsync(codebook.Id,
                (await sp.GetRequiredService<CodebookService>().SnapshotAsync(codebook.Id, null, CancellationToken.None))!, viewer, CancellationToken.None));

        var asMemberA = await CountsFor(new LibraryViewer(true, memberA.Id, "member", organisationA.Id, false, false));
        var asEditorB = await CountsFor(EditorOf(editorB));
        var asAnonymous = await CountsFor(LibraryViewer.Anonymous);
        Assert.Equal((1, 1, 1), (asMemberA.Count(Guid.Parse(Belonging)), asMemberA.Count(Guid.Parse(Confidence)), asMemberA.Count(Guid.Parse(Control))));
        Assert.Equal((1, 2, 2), (asEditorB.Count(Guid.Parse(Belonging)), asEditorB.Count(Guid.Parse(Confidence)), asEditorB.Count(Guid.Parse(Control))));
        Assert.All(asAnonymous.PerCode, c => Assert.Equal(0, c.Count));

        // A parent code adds up the excerpts below it: Connection (grouping only) holds Belonging's excerpt.
        Assert.Equal((1, 1), (asMemberA.Count(Guid.Parse(Connection)), asEditorB.Count(Guid.Parse(Connection))));

        // Per organisation and per month count excerpts the viewer may see, each once however many codes it has
        // (A1 and B1 have two codes each: three excerpts, not five codings).
        var stored = await hub.WithDbAsync(db => db.Set<CodedExcerpt>().Where(e => e.CodebookId == codebook.Id).ToListAsync());
        var forA = stored.Count(s => s.Visibility == ExcerptVisibility.Network || s.OrganisationId == organisationA.Id);
        Assert.Equal((2, 2, 2), (forA, asMemberA.PerMonth.Sum(m => m.Count), asMemberA.PerOrganisation.Sum(m => m.Count)));
        Assert.Equal((3, 3, 3, 3), (stored.Count, asEditorB.Excerpts, asEditorB.PerMonth.Sum(m => m.Count), asEditorB.PerOrganisation.Sum(m => m.Count)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_api_shows_each_role_what_the_library_rule_allows(string provider)
    {
        var (hub, organisation, editorUser, draft) = await ImportedAsync(provider);
        var (_, _, _, network) = await ImportedAsync(provider, ResourceVisibility.Network);
        var (_, _, _, publicBook) = await ImportedAsync(provider, ResourceVisibility.Public);
        var (_, _, _, ownOrg) = await ImportedAsync(provider, ResourceVisibility.Organisation);
        var memberSameOrg = await CreateUserAsync(hub, HubRoles.Member, organisation.Id);
        var otherOrganisation = await CreateOrganisationAsync(hub);
        var memberOther = await CreateUserAsync(hub, HubRoles.Member, otherOrganisation.Id);

        async Task<HashSet<long>> Ids(string? token)
        {
            // Every page, following the list's own next links.
            var ids = new HashSet<long>();
            for (string? url = "/api/v1/codebooks?pageSize=100"; url is not null;)
            {
                var list = await ApiClient(hub, token).GetFromJsonAsync<JsonElement>(url);
                ids.UnionWith(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
                url = list.GetProperty("links").GetProperty("next").GetString();
            }

            return ids;
        }

        var anonymous = await Ids(null);
        Assert.Contains(publicBook.Id, anonymous);
        Assert.DoesNotContain(network.Id, anonymous);
        Assert.DoesNotContain(draft.Id, anonymous);

        var editor = await Ids(await CreateTokenAsync(hub, editorUser, false, ApiScopes.Read));
        Assert.Contains(draft.Id, editor);
        var other = await Ids(await CreateTokenAsync(hub, memberOther, false, ApiScopes.Read));
        Assert.Contains(network.Id, other);
        Assert.DoesNotContain(draft.Id, other);
        Assert.DoesNotContain(ownOrg.Id, other);

        var one = await ApiClient(hub, null).GetFromJsonAsync<JsonElement>($"/api/v1/codebooks/{publicBook.Id}");
        Assert.EndsWith($"/api/v1/codebooks/{publicBook.Id}/qdc", one.GetProperty("qdcUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, one.GetProperty("codes").GetArrayLength());
        using var qdc = await ApiClient(hub, null).GetAsync(new Uri($"/api/v1/codebooks/{publicBook.Id}/qdc", UriKind.Relative));
        QdcFormatTests.AssertValid(await qdc.Content.ReadAsByteArrayAsync());
        using var hidden = await ApiClient(hub, null).GetAsync(new Uri($"/api/v1/codebooks/{draft.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        // Import needs "write"; a member without editor rights is refused.
        using var content = new StringContent(RealTool, System.Text.Encoding.UTF8, "application/xml");
        using var readOnly = await ApiClient(hub, await CreateTokenAsync(hub, editorUser, false, ApiScopes.Read)).PostAsync(new Uri("/api/v1/codebooks/import?name=API", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        using var content2 = new StringContent(RealTool, System.Text.Encoding.UTF8, "application/xml");
        using var member = await ApiClient(hub, await CreateTokenAsync(hub, memberSameOrg, false, ApiScopes.Read, ApiScopes.Write)).PostAsync(new Uri("/api/v1/codebooks/import?name=API", UriKind.Relative), content2);
        Assert.Equal(HttpStatusCode.BadRequest, member.StatusCode);
        using var content3 = new StringContent(BadGuid, System.Text.Encoding.UTF8, "application/xml");
        using var imported = await ApiClient(hub, await CreateTokenAsync(hub, editorUser, false, ApiScopes.Read, ApiScopes.Write)).PostAsync(new Uri("/api/v1/codebooks/import?name=API", UriKind.Relative), content3);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var body = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("not-a-guid", body.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }
}
