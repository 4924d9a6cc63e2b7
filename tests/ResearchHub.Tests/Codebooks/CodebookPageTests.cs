using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Codebooks.QdcSamples;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Codebooks;

/// <summary>The editor's journey through plain forms, and who may see and edit what, on both providers.</summary>
public sealed class CodebookPageTests(CodebookHubs hubs) : IClassFixture<CodebookHubs>
{
    /// <summary>Posts the list page's "start a codebook" form with a .qdc file, as a browser does.</summary>
    private static async Task<long> ImportThroughPageAsync(HttpClient client, string name, string xml)
    {
        var page = await client.GetDocumentAsync("/codebooks");
        var token = page.QuerySelector($"form#new-codebook input[name='{HubClientExtensions.AntiforgeryField}']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), HubClientExtensions.AntiforgeryField },
            { new StringContent(name), "Name" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        content.Add(file, "Upload", "codebook.qdc");
        using var response = await client.PostAsync(new Uri("/codebooks", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_editor_imports_edits_publishes_and_compares_and_another_organisation_reads_it_and_the_crosswalk(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editorUser = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var editor = await SignInAsync(hub, editorUser);
        var otherOrganisation = await CreateOrganisationAsync(hub);
        var other = await SignInAsync(hub, await CreateUserAsync(hub, HubRoles.Member, otherOrganisation.Id));
        var otherEditor = await SignInAsync(hub, await CreateUserAsync(hub, HubRoles.PartnerEditor, otherOrganisation.Id));

        var id = await ImportThroughPageAsync(editor, "Four Cs " + Guid.NewGuid().ToString("N")[..6], RealTool);
        var shown = await editor.GetDocumentAsync($"/codebooks/{id}");
        Assert.Contains("Belonging – ‘feeling part of’ Ærø", shown.QuerySelector(".code-tree")!.TextContent, StringComparison.Ordinal);
        // A new codebook is a draft kept to its editors: one "Draft" badge, not "Draft Draft".
        Assert.Single(shown.QuerySelectorAll(".codebook-badges .tag"), t => t.TextContent.Trim() == "Draft");

        // A file with a bad GUID is imported with a warning on the page that names it.
        var warned = await ImportThroughPageAsync(editor, "Silos", BadGuid);
        var warnedPage = await editor.GetDocumentAsync($"/codebooks/{warned}");
        Assert.Contains("not-a-guid", warnedPage.QuerySelector(".panel--warning")!.TextContent, StringComparison.Ordinal);

        // Draft: the other organisation sees nothing; the anonymous visitor is asked to sign in.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetPageAsync($"/codebooks/{id}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await hub.CreateBrowserClient().GetPageAsync($"/codebooks/{id}")).Response.StatusCode);

        using (var published = await editor.PostFormAsync($"/codebooks/{id}/edit", new Dictionary<string, string>(), "form#publish"))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        async Task PostCodeAsync(string guid, Dictionary<string, string> fields, string form = "form#code-form")
        {
            using var response = await editor.PostFormAsync($"/codebooks/{id}/codes/{guid}", fields, form);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        await PostCodeAsync(Confidence, new() { ["Input.Name"] = "Self-confidence" });
        await PostCodeAsync(Control, new() { ["Input.Parent"] = Connection });
        using (var added = await editor.PostFormAsync($"/codebooks/{id}/edit", new Dictionary<string, string> { ["NewCode.Name"] = "Trust" }, "form#add-code"))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var trust = await hub.WithDbAsync(db => db.Set<Code>().SingleAsync(c => c.CodebookId == id && c.Name == "Trust"));
        await PostCodeAsync(trust.Guid.ToString(), new() { ["target"] = Confidence }, "form#merge-form");
        // A new set, and Self-confidence put in it (and taken out of "Four Cs") with plain forms.
        using (var setAdded = await editor.PostFormAsync($"/codebooks/{id}/edit", new Dictionary<string, string> { ["setName"] = "Personal outcomes" }, "form#add-set"))
        {
            Assert.Equal(HttpStatusCode.Redirect, setAdded.StatusCode);
        }

        var personal = await hub.WithDbAsync(db => db.Set<CodeSet>().SingleAsync(s => s.CodebookId == id && s.Name == "Personal outcomes"));
        using (var membership = await editor.PostAsync(new Uri($"/codebooks/{id}/codes/{Confidence}?handler=Sets", UriKind.Relative), new FormUrlEncodedContent(
            [new("sets", personal.Guid.ToString()), new(HubClientExtensions.AntiforgeryField, (await editor.GetDocumentAsync($"/codebooks/{id}/codes/{Confidence}"))
                .QuerySelector($"form#sets-form input[name='{HubClientExtensions.AntiforgeryField}']")!.GetAttribute("value")!)])))
        {
            Assert.Equal(HttpStatusCode.Redirect, membership.StatusCode);
        }

        var memberOf = await hub.WithDbAsync(db => db.Set<CodeSet>().Where(s => s.CodebookId == id && s.Members.Any(m => m.Code!.Guid == Guid.Parse(Confidence))).Select(s => s.Name).ToListAsync());
        Assert.Equal(["Personal outcomes"], memberOf);

        await PostCodeAsync(Belonging, new(), "form#delete-form");
        using (var second = await editor.PostFormAsync($"/codebooks/{id}/edit", new Dictionary<string, string>(), "form#publish"))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        var versions = await editor.GetDocumentAsync($"/codebooks/{id}/versions");
        var changes = versions.QuerySelectorAll("tr[data-change]").Select(r => (r.GetAttribute("data-change"), r.GetAttribute("data-guid"))).OrderBy(x => x.Item1).ToList();
        Assert.Equal([("moved", Control), ("removed", Belonging), ("renamed", Confidence)], changes);

        // Version 1 is still readable as it was.
        var v1 = await editor.GetDocumentAsync($"/codebooks/{id}?version=1");
        Assert.Contains("Belonging", v1.QuerySelector(".code-tree")!.TextContent, StringComparison.Ordinal);

        // Shared with the network: the other organisation reads it but may not edit it.
        using (var details = await editor.PostFormAsync($"/codebooks/{id}/edit", new Dictionary<string, string> { ["Details.Visibility"] = "Network" }, "form#details"))
        {
            Assert.Equal(HttpStatusCode.Redirect, details.StatusCode);
        }

        var seen = await other.GetDocumentAsync($"/codebooks/{id}");
        Assert.Contains("Self-confidence", seen.QuerySelector(".code-tree")!.TextContent, StringComparison.Ordinal);
        Assert.Null(seen.QuerySelector($"a[href='/codebooks/{id}/edit']"));
        var denied = (await otherEditor.GetPageAsync($"/codebooks/{id}/edit")).Response;
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/access-denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using (var refused = await otherEditor.PostAsync(new Uri($"/codebooks/{id}/edit?handler=Publish", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        }

        // A crosswalk to the second scheme, which the other organisation also reads.
        using (var shared = await editor.PostFormAsync($"/codebooks/{warned}/edit", new Dictionary<string, string> { ["Details.Visibility"] = "Network" }, "form#details"))
        {
            Assert.Equal(HttpStatusCode.Redirect, shared.StatusCode);
        }

        using var started = await editor.PostFormAsync($"/codebooks/{id}", new Dictionary<string, string> { ["to"] = warned.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form#new-crosswalk");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var crosswalkUrl = started.Headers.Location!.OriginalString;
        var silos = await hub.WithDbAsync(db => db.Set<Code>().SingleAsync(c => c.CodebookId == warned));
        using (var mapped = await editor.PostFormAsync(crosswalkUrl, new Dictionary<string, string>
               { ["fromCode"] = Confidence, ["relation"] = "related", ["toCode"] = silos.Guid.ToString(), ["note"] = "Confidence grows where silos break down" }, "form#add-mapping"))
        {
            Assert.Equal(HttpStatusCode.Redirect, mapped.StatusCode);
        }

        var crosswalk = await other.GetDocumentAsync(crosswalkUrl);
        Assert.Contains("Confidence grows where silos break down", crosswalk.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.Null(crosswalk.QuerySelector("form#add-mapping"));
        var csv = await other.GetStringAsync(new Uri(crosswalkUrl + "/export.csv", UriKind.Relative));
        Assert.Contains($"{Confidence},related,", csv, StringComparison.Ordinal);
    }
}
