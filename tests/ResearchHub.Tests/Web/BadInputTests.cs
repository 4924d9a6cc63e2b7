using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Library.Api;
using ResearchHub.Library.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Web;

/// <summary>
/// Inputs the audit found answered with 500: each is now a 4xx with a message, and nothing is saved
/// (the library and meeting forms, the page upload reader, the upload API).
/// </summary>
public sealed class BadInputTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Meeting_form_values_that_cannot_be_read_or_stored_are_refused_with_400_and_a_message(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var client = await SignedInClientAsync(hub, organiser.Email!, ResearchHub.Tests.Accounts.AccountTestHelpers.Password);
        var before = await hub.WithDbAsync(db => db.Set<Meeting>().CountAsync());

        var cases = new (Dictionary<string, string> Fields, string Message)[]
        {
            (new() { ["Input.LocalStart"] = "2027-02-30T10:00" }, "2027-02-30T10:00"),
            (new() { ["Input.Capacity"] = "99999999999" }, "99999999999"),
            (new() { ["Input.Visibility"] = "Secret" }, "Secret"),
            (new() { ["Input.LocalStart"] = "9999-12-31T20:00", ["Input.LocalEnd"] = "9999-12-31T21:00", ["Input.TimeZoneId"] = "Pacific/Honolulu" }, "outside the years 1 to 9999"),
            (new() { ["Input.LocalStart"] = "0001-01-01T00:30", ["Input.LocalEnd"] = "0001-01-01T01:30", ["Input.TimeZoneId"] = "Asia/Tokyo" }, "outside the years 1 to 9999"),
        };
        foreach (var (fields, message) in cases)
        {
            var form = new Dictionary<string, string>
            {
                ["Input.Title"] = $"Refused {Guid.NewGuid():N}",
                ["Input.LocalStart"] = "2027-03-10T10:00",
                ["Input.LocalEnd"] = "2027-03-10T12:00",
            };
            foreach (var (key, value) in fields)
            {
                form[key] = value;
            }

            using var response = await client.PostFormAsync("/meetings/new", MainForm, form);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{string.Join(", ", fields)}: {response.StatusCode}");
            Assert.Contains(message, await ErrorSummaryAsync(response), StringComparison.Ordinal);
        }

        // A NUL in a title: refused with its reason before anything binds it (PostgreSQL cannot store it).
        using var nul = await client.PostFormAsync("/meetings/new", MainForm, new()
        {
            ["Input.Title"] = "Null\0title",
            ["Input.LocalStart"] = "2027-03-10T10:00",
            ["Input.LocalEnd"] = "2027-03-10T12:00",
        });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        // The framework's form reader itself refuses the character; its reason is now shown, not a bare 400.
        Assert.Contains("The form could not be read: The form value contains invalid characters. Nothing was saved.", await ErrorSummaryAsync(nul), StringComparison.Ordinal);

        Assert.Equal(before, await hub.WithDbAsync(db => db.Set<Meeting>().CountAsync()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Library_forms_with_a_huge_field_a_nul_or_a_broken_file_name_are_refused_with_400_and_nothing_is_saved(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editor = await SignInAsync(hub, await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id));
        var tag = Guid.NewGuid().ToString("N")[..8];

        // A 5 MB field on the create form, sent as a plain form (the upload limit leaves room for it, the form reader does not).
        using (var huge = await editor.PostFormAsync("/library/new?kind=toolkit", MainForm,
            new() { ["Input.Title"] = $"Huge {tag}", ["Input.Summary"] = new string('x', 5 * 1024 * 1024) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
            Assert.Contains("longer than this site accepts", await ErrorSummaryAsync(huge), StringComparison.Ordinal);
        }

        using (var nul = await PostMultipartFormAsync(editor, "/library/new?kind=toolkit", new() { ["Input.Title"] = $"Null\0{tag}" }, "Uploads"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
            Assert.Contains("“Input.Title” contains a NUL character", await ErrorSummaryAsync(nul), StringComparison.Ordinal);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<Resource>().AnyAsync(r => r.Title.Contains(tag))));

        // A line break inside a file name in the multipart header.
        var resource = await CreateResourceAsync(hub, $"Target {tag}", organisation.Id, ResourceVisibility.Draft);
        var page = await editor.GetDocumentAsync($"/library/{resource.Id}/edit");
        var token = page.QuerySelector($"form[action$='handler=Upload'] input[name='{HubClientExtensions.AntiforgeryField}']")!.GetAttribute("value")!;
        const string boundary = "----hub-boundary";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"{HubClientExtensions.AntiforgeryField}\"\r\n\r\n{token}\r\n"
            + $"--{boundary}\r\nContent-Disposition: form-data; name=\"Uploads\"; filename=\"notes\r\n.txt\"\r\nContent-Type: text/plain\r\n\r\nSome notes\r\n"
            + $"--{boundary}--\r\n";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        using var crlf = await editor.PostAsync(new Uri($"/library/{resource.Id}/edit?handler=Upload", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, crlf.StatusCode);
        Assert.Contains("The form could not be read", await ErrorSummaryAsync(crlf), StringComparison.Ordinal);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<ResourceFile>().CountAsync(f => f.ResourceId == resource.Id)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_api_upload_over_the_limit_is_a_413_problem_and_a_broken_one_a_400_problem(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var resource = await CreateResourceAsync(hub, $"Api {Guid.NewGuid():N}", organisation.Id, ResourceVisibility.Draft);
        var api = ApiClient(hub, await CreateTokenAsync(hub, editor, false, LibraryApiScopes.Read, LibraryApiScopes.Write));

        // Larger than the limit and the room beside it: refused from its Content-Length, before it is read.
        var big = new byte[(50 * 1024 * 1024) + (2 * 1024 * 1024)];
        "%PDF-1.4\n"u8.CopyTo(big);
        using (var raw = new ByteArrayContent(big))
        {
            raw.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var response = await api.PostAsync(new Uri($"/api/v1/resources/{resource.Id}/files?name=big.pdf", UriKind.Relative), raw);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        const string boundary = "api-boundary";
        using var broken = new ByteArrayContent(Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes\r\n.txt\"\r\n\r\nSome notes\r\n--{boundary}--\r\n"));
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        using var bad = await api.PostAsync(new Uri($"/api/v1/resources/{resource.Id}/files", UriKind.Relative), broken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<ResourceFile>().CountAsync(f => f.ResourceId == resource.Id)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_api_body_with_a_nul_in_a_string_is_a_400_problem_naming_it_and_nothing_is_saved(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisation = await CreateOrganisationAsync(hub);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, organisation.Id);
        var api = ApiClient(hub, await CreateTokenAsync(hub, editor, false, LibraryApiScopes.Read, LibraryApiScopes.Write));
        var tag = Guid.NewGuid().ToString("N")[..8];

        // "\u0000" in the JSON text is U+0000 in the value; PostgreSQL refused it with a 500.
        var cases = new (string Json, string Path)[]
        {
            ($$"""{ "kind": "toolkit", "title": "Null\u0000{{tag}}" }""", "title"),
            ($$"""{ "kind": "toolkit", "title": "Authors {{tag}}", "authors": [{ "name": "Fine" }, { "name": "Bad\u0000" }] }""", "authors[1].name"),
        };
        foreach (var (json, path) in cases)
        {
            using var body = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await api.PostAsync(new Uri("/api/v1/resources", UriKind.Relative), body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"“{path}” contains a NUL character", text, StringComparison.Ordinal);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<Resource>().AnyAsync(r => r.Title.Contains(tag))));

        // An escaped backslash before "u0000" is text, not a NUL: the same create goes through.
        using var fine = new StringContent($$"""{ "kind": "toolkit", "title": "Backslash \\u0000 {{tag}}" }""", Encoding.UTF8, "application/json");
        using var created = await api.PostAsync(new Uri("/api/v1/resources", UriKind.Relative), fine);
        Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        Assert.Equal("Backslash \\u0000 " + tag, await hub.WithDbAsync(db => db.Set<Resource>().Where(r => r.Title.Contains(tag)).Select(r => r.Title).SingleAsync()));
    }
}
