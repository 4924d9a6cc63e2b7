using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The codebooks' acceptance journey in Chromium: a partner editor imports a .qdc, edits a code,
/// publishes version 2, compares it with version 1 and exports it again; a member of another
/// organisation reads it and its crosswalk. axe-core checks the codebook, editor, diff and crosswalk pages.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class CodebookJourneyTests(BrowserFixture browser)
{
    private const string Password = "Codebook-Journey-Passw0rd";

    private const string OutcomeThemes = """
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14">
          <Codes>
            <Code guid="0b7d1c2e-1111-4a0e-9f61-6a5d0c1b2a01" name="Connection" isCodable="true" color="#1D70B8"><Description>Relationships with people and places.</Description></Code>
            <Code guid="0b7d1c2e-1111-4a0e-9f61-6a5d0c1b2a02" name="Confidence" isCodable="true" color="#0A0"/>
          </Codes>
        </CodeBook>
        """;

    private const string SystemConditions = """
        <?xml version="1.0" encoding="utf-8"?>
        <CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
          <Codes><Code guid="0b7d1c2e-2222-4a0e-9f61-6a5d0c1b2a01" name="Silos" isCodable="true"/></Codes>
        </CodeBook>
        """;

    [Fact]
    public async Task An_editor_imports_edits_publishes_compares_and_exports_and_another_organisation_reads_it_and_the_crosswalk()
    {
        var violations = new List<AxeResult>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"Outcome themes {suffix}";

        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        var editor = await InviteAndAcceptAsync(admin, $"cb-editor-{suffix}@example.org", "PartnerEditor", "Evaluation Support Scotland", "Codebook Editor");
        var member = await InviteAndAcceptAsync(admin, $"cb-member-{suffix}@example.org", "Member", "Iriss", "Codebook Member");

        var second = await ImportAsync(editor, $"System conditions {suffix}", SystemConditions);
        await ShareWithNetworkAsync(editor, second);
        var id = await ImportAsync(editor, name, OutcomeThemes);
        violations.Add(await Axe.RunAsync(editor));

        await editor.GetByRole(AriaRole.Link, new() { Name = "Edit codebook" }).ClickAsync();
        violations.Add(await Axe.RunAsync(editor));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish version 1" }).ClickAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 1 was published");
        await editor.GetByRole(AriaRole.Link, new() { Name = "Edit code Confidence" }).ClickAsync();
        violations.Add(await Axe.RunAsync(editor));
        await editor.GetByLabel("Name").FillAsync("Self-confidence");
        await editor.GetByLabel("When to use").FillAsync("The person says they can now do something they could not.");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save code" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish version 2" }).ClickAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 2 was published");
        await ShareWithNetworkAsync(editor, id);

        await editor.GotoAsync($"/codebooks/{id}/versions");
        await Assertions.Expect(editor.Locator("tr[data-change='renamed']")).ToContainTextAsync("“Confidence” → “Self-confidence”");
        await Assertions.Expect(editor.Locator("tr[data-change='redefined']")).ToContainTextAsync("when to use");
        violations.Add(await Axe.RunAsync(editor));

        await editor.GotoAsync($"/codebooks/{id}");
        var download = await editor.RunAndWaitForDownloadAsync(() => editor.GetByRole(AriaRole.Link, new() { Name = "Download REFI-QDA (.qdc)" }).ClickAsync());
        var qdc = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        Assert.Contains("urn:QDA-XML:codebook:1.0", qdc, StringComparison.Ordinal);
        Assert.Contains("name=\"Self-confidence\"", qdc, StringComparison.Ordinal);
        Assert.Contains("color=\"#00AA00\"", qdc, StringComparison.Ordinal);

        await editor.GetByLabel("Map this scheme's codes to").SelectOptionAsync(new SelectOptionValue { Label = $"System conditions {suffix}" });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Start a crosswalk" }).ClickAsync();
        await editor.GetByLabel($"Code of “{name}”").SelectOptionAsync(new SelectOptionValue { Label = "Connection" });
        await editor.GetByLabel("is", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "related to" });
        await editor.GetByLabel("Note").FillAsync("People reconnect where services stop passing them on.");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add mapping" }).ClickAsync();
        await Assertions.Expect(editor.Locator("table")).ToContainTextAsync("stop passing them on");
        violations.Add(await Axe.RunAsync(editor));
        var crosswalkUrl = new Uri(editor.Url).AbsolutePath;

        await member.GotoAsync($"/codebooks/{id}");
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync(name);
        await Assertions.Expect(member.Locator(".code-tree")).ToContainTextAsync("Self-confidence");
        await member.GotoAsync(crosswalkUrl);
        await Assertions.Expect(member.Locator("table")).ToContainTextAsync("Silos");
        await Assertions.Expect(member.Locator("form#add-mapping")).ToHaveCountAsync(0);
        await member.GotoAsync($"/codebooks/{id}/counts");
        violations.Add(await Axe.RunAsync(member));
        // Every bar's label is drawn inside its chart: none starts left of the chart's edge.
        var cut = await member.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('svg.chart__svg')].flatMap(svg => [...svg.querySelectorAll('.chart__label')]
                .filter(t => t.getBBox().x < 0).map(t => t.textContent))
            """);
        Assert.True(cut.Length == 0, "labels cut off: " + string.Join(", ", cut));
        await member.SetViewportSizeAsync(390, 844);
        violations.Add(await Axe.RunAsync(member));
        await member.GotoAsync($"/codebooks/{id}");
        violations.Add(await Axe.RunAsync(member));
        await member.SetViewportSizeAsync(1280, 1000);
        violations.Add(await Axe.RunAsync(member));

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    private static async Task<string> ImportAsync(IPage editor, string name, string xml)
    {
        await editor.GotoAsync("/codebooks");
        await editor.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await editor.GetByLabel("REFI-QDA codebook (.qdc), optional").SetInputFilesAsync(new FilePayload
        {
            Name = "codebook.qdc", MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(xml),
        });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Create codebook" }).ClickAsync();
        await Assertions.Expect(editor.Locator("h1")).ToHaveTextAsync(name);
        return new Uri(editor.Url).AbsolutePath.Split('/')[^1];
    }

    private static async Task ShareWithNetworkAsync(IPage editor, string id)
    {
        await editor.GotoAsync($"/codebooks/{id}/edit");
        await editor.GetByLabel("Who can see it").SelectOptionAsync("Network");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Assertions.Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("saved");
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

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex AcceptLink();
}
