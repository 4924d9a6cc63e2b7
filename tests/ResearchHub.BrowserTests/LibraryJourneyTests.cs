using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The library's acceptance journey in Chromium: a partner editor creates an evaluation with a PDF
/// and publishes it to the network; a member finds it by filter, opens it and downloads the PDF;
/// a visitor is asked to sign in; once it is public the visitor sees it. axe-core checks the list,
/// resource, edit and evidence-map pages.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class LibraryJourneyTests(BrowserFixture browser)
{
    private const string Password = "Library-Journey-Passw0rd";

    [Fact]
    public async Task An_editor_publishes_an_evaluation_that_a_member_finds_and_downloads_and_visitors_see_once_public()
    {
        var violations = new List<AxeResult>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var title = $"Journey evaluation {suffix}";
        var site = $"Journeyshire {suffix}";

        // The administrator adds a LAC site to the vocabulary and invites an editor and a member.
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        await admin.GotoAsync("/admin/library/vocabularies?vocabulary=sites");
        await admin.GetByLabel("Label").FillAsync(site);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save term" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync(site);
        var editor = await InviteAndAcceptAsync(admin, $"editor-{suffix}@example.org", "PartnerEditor", "Evaluation Support Scotland", "Journey Editor");
        var member = await InviteAndAcceptAsync(admin, $"member-{suffix}@example.org", "Member", "Iriss", "Journey Member");

        // The editor creates the evaluation with a PDF and publishes it to the network.
        await editor.GotoAsync("/library/new?kind=evaluation");
        violations.Add(await Axe.RunAsync(editor));
        await editor.GetByLabel("Title").FillAsync(title);
        await editor.GetByLabel("Summary").FillAsync("What the journey found.");
        await editor.GetByLabel("Author 1: name").FillAsync("Journey Editor");
        await editor.GetByLabel(site).CheckAsync();
        await editor.GetByLabel("Status of the evaluation").SelectOptionAsync(new SelectOptionValue { Label = "Final" });
        await editor.GetByLabel("Files (optional)").SetInputFilesAsync(new FilePayload
        {
            Name = "journey-report.pdf",
            MimeType = "application/pdf",
            Buffer = MinimalPdf("Journey report text"),
        });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await Assertions.Expect(editor.Locator("h1")).ToHaveTextAsync(title);
        var resourceUrl = new Uri(editor.Url).AbsolutePath;
        violations.Add(await Axe.RunAsync(editor));
        await editor.GetByLabel("Network members").CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("published");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Edit " + title }).ClickAsync();
        await Assertions.Expect(editor.Locator("h1")).ToHaveTextAsync("Edit resource");
        violations.Add(await Axe.RunAsync(editor));

        // The member finds it by the site filter, opens it and downloads the PDF.
        await member.GotoAsync("/library");
        await member.GetByRole(AriaRole.Group, new() { Name = "LAC sites" }).GetByLabel($"{site} (1)").CheckAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        violations.Add(await Axe.RunAsync(member));
        await member.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync(title);
        var download = await member.RunAndWaitForDownloadAsync(() => member.GetByRole(AriaRole.Link, new() { Name = "journey-report.pdf" }).ClickAsync());
        Assert.Equal("journey-report.pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(File.ReadAllBytes(path!)[..5]), StringComparison.Ordinal);

        // A visitor is asked to sign in; once the resource is public, the visitor sees it.
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(resourceUrl);
        Assert.Equal("/account/sign-in", new Uri(visitor.Url).AbsolutePath);
        await editor.GotoAsync(resourceUrl);
        await editor.GetByLabel("Public", new() { Exact = true }).CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Change who may see it" }).ClickAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("published");
        await visitor.GotoAsync(resourceUrl);
        await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync(title);

        await visitor.GotoAsync("/library/evidence-map");
        violations.Add(await Axe.RunAsync(visitor));

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    private async Task<IPage> InviteAndAcceptAsync(IPage admin, string email, string role, string organisation, string name)
    {
        await admin.GotoAsync("/admin/invitations");
        await admin.GetByLabel("Email address").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync(role);
        await admin.GetByLabel("Organisation").SelectOptionAsync(new SelectOptionValue { Label = organisation });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync(email);

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(email);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(AcceptLink().Match(mail.Text!).Value);
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Choose a password").FillAsync(Password);
        await page.GetByLabel("Confirm the password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return page;
    }

    /// <summary>A one-page PDF with a text layer, written by hand (offsets computed, so the xref table is valid).</summary>
    private static byte[] MinimalPdf(string text)
    {
        var content = $"BT /F1 12 Tf 72 720 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex AcceptLink();
}
