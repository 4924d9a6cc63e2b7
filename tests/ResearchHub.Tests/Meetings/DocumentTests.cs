using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>Hubs with a small document limit, so an oversized upload is cheap to send.</summary>
public sealed class MeetingDocumentHubs : HubFactoryFixture
{
    public const long MaxDocumentBytes = 100_000;

    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:Meetings:MaxDocumentBytes", MaxDocumentBytes.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// Slides and papers: uploaded by organisers through the manage page under the library's file rules
/// (type by content, size limited while streaming), listed on the meeting and agenda pages and in
/// the API, and downloaded as attachments by whoever may see the meeting, on both providers.
/// </summary>
public sealed class DocumentTests(MeetingDocumentHubs hubs) : IClassFixture<MeetingDocumentHubs>
{
    private const string UploadForm = "form[action*='handler=UploadDocument']";

    /// <summary>A minimal but well-formed PDF: one empty page, with a cross-reference table.</summary>
    private static readonly byte[] Pdf = MinimalPdf();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_organisers_pdf_appears_on_the_meeting_and_agenda_and_members_download_the_exact_bytes(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var start = FutureDay(20, 10);
        var id = await CreateMeetingAsync(hub, "Spring meeting", start, start.AddHours(3));
        var item = await AddItemAsync(hub, id, start, "Evaluation findings");
        var organiserClient = await SignedInClientAsync(hub, organiser.Email!, Password);

        using var uploaded = await PostDocumentAsync(organiserClient, id, "Findings slides", item.Id, "Findings slides.pdf", Pdf);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var manage = await organiserClient.GetDocumentAsync(uploaded.Headers.Location!.OriginalString);
        Assert.Contains("“Findings slides” has been added", manage.Body!.TextContent, StringComparison.Ordinal);

        var stored = await hub.WithDbAsync(db => db.Set<MeetingDocument>().AsNoTracking().SingleAsync(d => d.MeetingId == id));
        Assert.Equal(("Findings slides", "Findings slides.pdf", "application/pdf", (long)Pdf.Length, (long?)item.Id),
            (stored.Title, stored.FileName, stored.ContentType, stored.Length, stored.AgendaItemId));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), stored.Sha256);
        var url = $"/meetings/{id}/documents/{stored.Id}";

        var memberClient = await SignedInClientAsync(hub, member.Email!, Password);
        var meetingPage = await memberClient.GetDocumentAsync($"/meetings/{id}");
        var listed = meetingPage.QuerySelector($"section[aria-labelledby=documents-heading] a[href='{url}']");
        Assert.Equal("Findings slides", listed?.TextContent);
        var agenda = await memberClient.GetDocumentAsync($"/meetings/{id}/agenda");
        var row = agenda.QuerySelectorAll(".agenda-item").Single(r => r.TextContent.Contains("Evaluation findings", StringComparison.Ordinal));
        Assert.NotNull(row.QuerySelector($"a[href='{url}']"));

        using var download = await memberClient.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Findings slides.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));

        // The API's meeting detail lists it with a working address.
        var api = hub.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiTokenAsync(hub, member, ApiScopes.Read));
        using var detail = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/v1/meetings/{id}", UriKind.Relative)));
        var document = Assert.Single(detail.RootElement.GetProperty("documents").EnumerateArray().ToList());
        Assert.Equal("Findings slides", document.GetProperty("title").GetString());
        Assert.Equal("Findings slides.pdf", document.GetProperty("fileName").GetString());
        Assert.Equal(Pdf.Length, document.GetProperty("size").GetInt64());
        Assert.EndsWith(url, document.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http", document.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Anonymous_visitors_get_a_public_meetings_document_and_are_sent_to_sign_in_for_a_network_meetings(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(21, 10);
        var network = await CreateMeetingAsync(hub, "Members only", start, start.AddHours(2), visibility: MeetingVisibility.Network);
        var open = await CreateMeetingAsync(hub, "Open day", start, start.AddHours(2), visibility: MeetingVisibility.Public);
        var networkDoc = await AddDocumentAsync(hub, network, "Internal paper", "paper.pdf", Pdf);
        var openBytes = "# Programme\n\nWelcome to the open day.\n"u8.ToArray();
        var openDoc = await AddDocumentAsync(hub, open, "Programme", "programme.md", openBytes);
        var anonymous = hub.CreateBrowserClient();

        using var signIn = await anonymous.GetAsync(new Uri($"/meetings/{network}/documents/{networkDoc.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/account/sign-in", signIn.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var file = await anonymous.GetAsync(new Uri($"/meetings/{open}/documents/{openDoc.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(openBytes, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", Assert.Single(file.Headers.GetValues("X-Content-Type-Options")));

        // A network meeting's document asked for under the public meeting's address is not served either.
        using var smuggled = await anonymous.GetAsync(new Uri($"/meetings/{open}/documents/{networkDoc.Id}", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, smuggled.StatusCode);
        Assert.NotEqual(Pdf, await smuggled.Content.ReadAsByteArrayAsync());

        // Anonymous callers of the API see the public meeting's document, not the network meeting.
        var api = hub.CreateClient();
        using var detail = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/v1/meetings/{open}", UriKind.Relative)));
        Assert.Single(detail.RootElement.GetProperty("documents").EnumerateArray().ToList());
        using var hidden = await api.GetAsync(new Uri($"/api/v1/meetings/{network}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Wrong_bytes_an_oversized_file_and_a_missing_title_are_refused_with_a_message_and_nothing_is_stored(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var start = FutureDay(22, 10);
        var id = await CreateMeetingAsync(hub, "Refusals", start, start.AddHours(2));
        var client = await SignedInClientAsync(hub, organiser.Email!, Password);
        var rowsBefore = await hub.WithDbAsync(db => db.Set<MeetingDocument>().CountAsync());
        var storeBefore = StoredFiles(hub);

        // An executable named as a PDF: the bytes decide.
        using var wrong = await PostDocumentAsync(client, id, "Slides", null, "slides.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var wrongSummary = await ErrorSummaryAsync(wrong);
        Assert.Contains("slides.pdf was not added", wrongSummary, StringComparison.Ordinal);
        Assert.Contains("content is not one of the types", wrongSummary, StringComparison.Ordinal);

        // Over the limit: stopped while the form streams, back to the page with the reason.
        var big = new byte[MeetingDocumentHubs.MaxDocumentBytes + 50_000];
        "%PDF-1.4\n"u8.CopyTo(big);
        using var oversized = await PostDocumentAsync(client, id, "Big deck", null, "big.pdf", big);
        Assert.Equal(HttpStatusCode.Redirect, oversized.StatusCode);
        var page = await client.GetPageAsync(oversized.Headers.Location!.OriginalString);
        var bigSummary = page.Document.QuerySelector("[role=alert]")?.TextContent ?? "";
        Assert.Contains("too large", bigSummary, StringComparison.Ordinal);
        Assert.Contains("100 KB", bigSummary, StringComparison.Ordinal);

        using var untitled = await PostDocumentAsync(client, id, "  ", null, "paper.pdf", Pdf);
        Assert.Equal(HttpStatusCode.BadRequest, untitled.StatusCode);
        Assert.Contains("Enter a title for the document.", await ErrorSummaryAsync(untitled), StringComparison.Ordinal);

        Assert.Equal(rowsBefore, await hub.WithDbAsync(db => db.Set<MeetingDocument>().CountAsync()));
        Assert.Equal(storeBefore, StoredFiles(hub));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(hub.AppData, "files", ".tmp")));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_who_is_not_an_organiser_can_neither_upload_nor_delete(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var start = FutureDay(23, 10);
        var id = await CreateMeetingAsync(hub, "Organisers only", start, start.AddHours(2));
        var existing = await AddDocumentAsync(hub, id, "Agenda paper", "agenda.pdf", Pdf);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var rowsBefore = await hub.WithDbAsync(db => db.Set<MeetingDocument>().CountAsync());
        var storeBefore = StoredFiles(hub);

        // The member's own antiforgery token (from their registration form), so only the permission stops them.
        var meetingPage = await client.GetDocumentAsync($"/meetings/{id}");
        var token = meetingPage.QuerySelector($"main form input[name='{HubClientExtensions.AntiforgeryField}']")!.GetAttribute("value")!;

        using (var upload = new MultipartFormDataContent
        {
            { new StringContent(token), HubClientExtensions.AntiforgeryField },
            { new StringContent("Not mine to add"), "DocumentInput.Title" },
            { File(MinimalPdf("other")), "DocumentInput.File", "mine.pdf" },
        })
        {
            using var response = await client.PostAsync(new Uri($"/meetings/{id}/manage?handler=UploadDocument", UriKind.Relative), upload);
            AssertDenied(response);
        }

        using (var delete = new FormUrlEncodedContent(new Dictionary<string, string> { [HubClientExtensions.AntiforgeryField] = token }))
        {
            using var response = await client.PostAsync(new Uri($"/meetings/{id}/manage?handler=DeleteDocument&documentId={existing.Id}", UriKind.Relative), delete);
            AssertDenied(response);
        }

        Assert.Equal(rowsBefore, await hub.WithDbAsync(db => db.Set<MeetingDocument>().CountAsync()));
        Assert.True(await hub.WithDbAsync(db => db.Set<MeetingDocument>().AnyAsync(d => d.Id == existing.Id)));
        Assert.Equal(storeBefore, StoredFiles(hub));

        // An organiser can delete it; the meeting page then no longer lists it.
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var organiserClient = await SignedInClientAsync(hub, organiser.Email!, Password);
        using var removed = await organiserClient.PostFormAsync($"/meetings/{id}/manage", $"form[action*='handler=DeleteDocument'][action*='documentId={existing.Id}']", new());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await hub.WithDbAsync(db => db.Set<MeetingDocument>().AnyAsync(d => d.Id == existing.Id)));
        var after = await client.GetDocumentAsync($"/meetings/{id}");
        Assert.Null(after.QuerySelector($"a[href='/meetings/{id}/documents/{existing.Id}']"));
        using var gone = await client.GetAsync(new Uri($"/meetings/{id}/documents/{existing.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static void AssertDenied(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.PathAndQuery.StartsWith("/account/access-denied", StringComparison.Ordinal),
            $"{response.StatusCode} {response.Headers.Location}");

    /// <summary>Posts the manage page's upload form as a browser does: multipart, with its antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostDocumentAsync(HttpClient client, long meetingId, string title, long? agendaItemId, string fileName, byte[] bytes)
    {
        var page = await client.GetDocumentAsync($"/meetings/{meetingId}/manage");
        var form = page.QuerySelector(UploadForm) ?? throw new InvalidOperationException("The manage page has no upload form.");
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        var token = form.QuerySelector($"input[name='{HubClientExtensions.AntiforgeryField}']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), HubClientExtensions.AntiforgeryField },
            { new StringContent(title), "DocumentInput.Title" },
            { new StringContent(agendaItemId?.ToString(CultureInfo.InvariantCulture) ?? ""), "DocumentInput.AgendaItemId" },
            { File(bytes), "DocumentInput.File", fileName },
        };
        return await client.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), content);
    }

    private static ByteArrayContent File(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        // What the browser claims does not matter: the bytes are checked.
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return file;
    }

    private static Task<AgendaItem> AddItemAsync(HubFactory hub, long meetingId, DateTime localStart, string title) =>
        hub.WithScopeAsync(async sp =>
        {
            var outcome = await sp.GetRequiredService<MeetingService>().AddAgendaItemAsync(meetingId,
                new AgendaItemInput(localStart, 45, title, AgendaItemKind.Talk, null, [], null), default);
            Assert.True(outcome.Succeeded, string.Join(" ", outcome.Problems.Select(p => p.Message)));
            return outcome.Value!;
        });

    private static Task<MeetingDocument> AddDocumentAsync(HubFactory hub, long meetingId, string title, string fileName, byte[] bytes) =>
        hub.WithScopeAsync(async sp =>
        {
            using var content = new MemoryStream(bytes);
            var outcome = await sp.GetRequiredService<DocumentService>().AddAsync(meetingId, new DocumentFields(title, null), content, fileName, default);
            Assert.True(outcome.Succeeded, string.Join(" ", outcome.Problems.Select(p => p.Message)));
            return outcome.Value!;
        });

    /// <summary>The store's files (not its scratch folder), by name and size.</summary>
    private static SortedSet<string> StoredFiles(HubFactory hub)
    {
        var root = Path.Combine(hub.AppData, "files");
        var temp = Path.Combine(root, ".tmp") + Path.DirectorySeparatorChar;
        return Directory.Exists(root)
            ? new SortedSet<string>(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !f.StartsWith(temp, StringComparison.Ordinal))
                .Select(f => $"{Path.GetRelativePath(root, f)} {new FileInfo(f).Length}"), StringComparer.Ordinal)
            : [];
    }

    private static byte[] MinimalPdf(string marker = "ResearchHub test")
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << >> /Title ({marker}) >>",
        };
        var text = new System.Text.StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(text.Length);
            text.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = text.Length;
        text.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            text.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        text.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return System.Text.Encoding.ASCII.GetBytes(text.ToString());
    }
}
