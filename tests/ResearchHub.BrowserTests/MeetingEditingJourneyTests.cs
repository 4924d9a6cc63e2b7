using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The organiser's and member's meeting journey in Chromium: an agenda with sessions reads in time
/// order with parallel items side by side (on screen and on paper); an agenda item, a host and a
/// learning-log entry are edited and removed after a confirmation, each change in the history; a
/// signed-out member following a members-only meeting's link lands on it after signing in. axe-core
/// checks every page on the way at 1280 px and 390 px, and no text input of these forms is narrower than 200 px.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class MeetingEditingJourneyTests(BrowserFixture browser)
{
    private const string Password = "Journey-Passw0rd-1";

    [Fact]
    public async Task An_organiser_edits_and_removes_what_they_added_and_a_signed_out_member_lands_on_the_meeting_after_signing_in()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var title = $"Half-day learning event {id}";
        var violations = new List<AxeResult>();
        var narrow = new List<string>();
        var organiser = await browser.NewPageAsync();
        await organiser.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);

        // A members-only meeting, 10:00 to 13:00.
        var day = TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(45);   // the site runs on the system clock
        await organiser.GotoAsync("/meetings/new");
        await CheckAsync(organiser, violations, narrow);
        await organiser.Locator("#Input_Title").FillAsync(title);
        await organiser.Locator("#Input_LocalStart").FillAsync(Local(day.AddHours(10)));
        await organiser.Locator("#Input_LocalEnd").FillAsync(Local(day.AddHours(13)));
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Create meeting" }).ClickAsync();
        await organiser.WaitForURLAsync(ManageUrl());
        var manage = new Uri(organiser.Url).AbsolutePath;
        var meetingUrl = manage[..^"/manage".Length];

        // A host, five agenda items (two parallel workshops) entered out of time order, a log entry.
        await organiser.GotoAsync(manage);
        await CheckAsync(organiser, violations, narrow);
        await organiser.Locator("#PersonInput_Name").FillAsync("Ada Host");
        await organiser.Locator("#PersonInput_Role").SelectOptionAsync("Host");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("Ada Host has been added");
        foreach (var (minutes, duration, item, session) in new[]
        {
            (0, 30, "Welcome", "Plenary"),
            (150, 15, "Feedback", "Plenary"),
            (165, 15, "Close", "Plenary"),
            (30, 90, "Outcome measures workshop", "Workshops A"),
            (30, 90, "Story coding workshop", "Workshops B"),
        })
        {
            await organiser.Locator("#Item_LocalStart").FillAsync(Local(day.AddHours(10).AddMinutes(minutes)));
            await organiser.Locator("#Item_DurationMinutes").FillAsync(duration.ToString(CultureInfo.InvariantCulture));
            await organiser.Locator("#Item_Title").FillAsync(item);
            await organiser.Locator("#Item_SessionTitle").FillAsync(session);
            await organiser.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
            await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("added to the agenda");
        }

        await organiser.Locator("#LogInput_Issue").FillAsync("Share the outcome measures guidance");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Add to the log" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("Added to the log");

        // The agenda: one timeline in time order, the workshops side by side, the plenary a labelled span.
        await organiser.GotoAsync($"{meetingUrl}/agenda");
        await CheckAsync(organiser, violations, narrow);
        Assert.Equal(["10:00", "10:30", "10:30", "12:30", "12:45"], await StartsAsync(organiser));
        var columns = organiser.Locator(".agenda-block--parallel .agenda-column");
        await Assertions.Expect(columns).ToHaveCountAsync(2);
        var (a, b) = ((await columns.Nth(0).BoundingBoxAsync())!, (await columns.Nth(1).BoundingBoxAsync())!);
        Assert.True(Math.Abs(a.Y - b.Y) < 1 && b.X > a.X + a.Width - 1, $"the parallel workshops are not side by side: {a.X},{a.Y} and {b.X},{b.Y}");
        await Assertions.Expect(organiser.Locator(".agenda-span__label").First).ToContainTextAsync("Plenary");
        // On paper: the same order, the chrome gone, the workshops still side by side.
        await organiser.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(organiser.Locator(".site-header")).ToBeHiddenAsync();
        Assert.Equal(["10:00", "10:30", "10:30", "12:30", "12:45"], await StartsAsync(organiser));
        var (pa, pb) = ((await columns.Nth(0).BoundingBoxAsync())!, (await columns.Nth(1).BoundingBoxAsync())!);
        Assert.True(Math.Abs(pa.Y - pb.Y) < 1, "on paper the parallel workshops are not side by side");
        Assert.True((await organiser.PdfAsync()).Length > 1000);
        await organiser.EmulateMediaAsync(new() { Media = Media.Screen });

        // Edit an agenda item: the form comes filled in; a later start moves it.
        await organiser.GotoAsync(manage);
        await organiser.GetByRole(AriaRole.Link, new() { Name = "Edit Welcome", Exact = true }).ClickAsync();
        await CheckAsync(organiser, violations, narrow);
        await Assertions.Expect(organiser.Locator("#Item_SessionTitle")).ToHaveValueAsync("Plenary");
        await organiser.Locator("#Item_Title").FillAsync("Welcome and introductions");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Save the item" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("“Welcome and introductions” has been saved");

        // Remove one: a confirmation page first.
        await organiser.GetByRole(AriaRole.Link, new() { Name = "Remove Close", Exact = true }).ClickAsync();
        await Assertions.Expect(organiser.Locator("h1")).ToHaveTextAsync("Remove “Close” from the agenda?");
        await CheckAsync(organiser, violations, narrow);
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Yes, remove the item" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("removed from the agenda");
        await Assertions.Expect(organiser.Locator("#agenda-heading + table")).Not.ToContainTextAsync("Close");

        // The host: renamed, then removed after confirming.
        await organiser.GetByRole(AriaRole.Link, new() { Name = "Edit Ada Host", Exact = true }).ClickAsync();
        await CheckAsync(organiser, violations, narrow);
        await organiser.Locator("#PersonInput_Name").FillAsync("Ada Lovelace");
        await organiser.Locator("#PersonInput_Affiliation").FillAsync("Evaluation lead, Derby");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("Ada Lovelace has been saved");
        await organiser.GetByRole(AriaRole.Link, new() { Name = "Remove Ada Lovelace", Exact = true }).ClickAsync();
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Yes, remove Ada Lovelace" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("removed from the meeting");

        // The learning-log entry: edited, then removed after confirming.
        await organiser.GetByRole(AriaRole.Link, new() { Name = "Edit Share the outcome measures guidance", Exact = true }).ClickAsync();
        await CheckAsync(organiser, violations, narrow);
        await organiser.Locator("#LogInput_Kind").SelectOptionAsync("Learning");
        await organiser.Locator("#LogInput_Issue").FillAsync("Share the WEMWBS and EQ-5D guidance");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Save the entry" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("The log entry has been saved");
        await organiser.GetByRole(AriaRole.Link, new() { Name = "Remove Share the WEMWBS and EQ-5D guidance", Exact = true }).ClickAsync();
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Yes, remove the entry" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("removed from the log");

        // Each change is in the meeting's history.
        await organiser.GotoAsync($"{meetingUrl}/history");
        await CheckAsync(organiser, violations, narrow);
        var history = organiser.Locator("main table");
        foreach (var line in new[] { "Changed the agenda item “Welcome”", "Removed the agenda item “Close”", "Changed Ada Host (host) to Ada Lovelace (host)", "Removed Ada Lovelace (host)", "Changed the log entry", "Removed from the log" })
        {
            await Assertions.Expect(history).ToContainTextAsync(line);
        }

        // A member, signed out, follows the meeting's link: sign in, then the meeting.
        var memberEmail = $"member-{id}@example.org";
        await (await JoinAsync(memberEmail, "Mo Member")).Context.CloseAsync();
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync(meetingUrl);
        await visitor.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/sign-in");
        await visitor.GetByLabel("Email address").FillAsync(memberEmail);
        await visitor.GetByLabel("Password").FillAsync(Password);
        await visitor.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await visitor.WaitForURLAsync(url => new Uri(url).AbsolutePath == meetingUrl);
        await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync(title);
        await CheckAsync(visitor, violations, narrow);

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
        Assert.True(narrow.Count == 0, "text inputs narrower than 200 px:\n" + string.Join("\n", narrow));
    }

    [Fact]
    public async Task No_text_input_on_the_meeting_poll_questionnaire_group_and_resource_forms_is_narrower_than_200_px()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        var narrow = new List<string>();
        var violations = new List<AxeResult>();
        foreach (var url in new[] { "/meetings/new", "/meetings/polls/new", "/meetings/dashboard", "/admin/groups", "/meetings/notifications", "/account/profile", "/library/new?kind=evaluation", "/library", "/" })
        {
            await page.GotoAsync(url);
            await CheckAsync(page, violations, narrow);
        }

        // The demo's pre-meeting questionnaire, with the organiser's form and its closing time.
        await page.GotoAsync("/");
        await page.Locator("section[aria-labelledby=home-needs-you] ul[aria-labelledby=home-questionnaires] a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#questionnaire-closes")).ToContainTextAsync("Answers are taken until");
        await Assertions.Expect(page.Locator("#ClosesLocal")).Not.ToHaveValueAsync("");
        await CheckAsync(page, violations, narrow);

        // The resource form in sections, licence and language as pick-lists, and its errors summed up above the first section.
        await page.GotoAsync("/library/new?kind=evaluation");
        Assert.True(await page.Locator("form section.form-section").CountAsync() >= 5, "the resource form is not grouped into sections");
        Assert.True(await page.Locator("datalist#licences option[value='CC-BY-4.0']").CountAsync() == 1, "no SPDX licence list");
        Assert.Equal("en", await page.GetByLabel("Language", new() { Exact = true }).InputValueAsync());
        Assert.True(await page.Locator("select#Input_Language option[value='cy']").CountAsync() == 1, "no ISO 639 language list");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        var summary = page.Locator(".error-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        Assert.True((await summary.BoundingBoxAsync())!.Y < (await page.Locator("section.form-section").First.BoundingBoxAsync())!.Y, "the error summary is not above the form");
        await CheckAsync(page, violations, narrow);

        Assert.True(narrow.Count == 0, "text inputs narrower than 200 px:\n" + string.Join("\n", narrow));
        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    [Fact]
    public async Task The_home_page_of_a_fresh_demo_install_shows_an_open_date_poll_and_the_next_meeting()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        await page.SetViewportSizeAsync(1280, 1000);
        await page.GotoAsync("/");
        // The demo recipe dates its next meeting, date poll and questionnaire from the day it is applied, and its
        // last meeting's report is open for review: all above the fold at 1280 x 1000.
        var needs = page.Locator("section[aria-labelledby=home-needs-you]");
        var poll = needs.GetByRole(AriaRole.Link, new() { Name = "Twice-yearly meeting: which date suits you?" });
        await Assertions.Expect(poll).ToBeVisibleAsync();
        await Assertions.Expect(needs.Locator("ul[aria-labelledby=home-reports] a").First).ToBeVisibleAsync();
        var questionnaire = needs.Locator("ul[aria-labelledby=home-questionnaires] a", new() { HasText = "twice-yearly meeting" });
        await Assertions.Expect(questionnaire).ToBeVisibleAsync();
        var next = page.Locator("section[aria-labelledby=home-next]");
        var card = next.Locator(".card").First;
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(next).Not.ToContainTextAsync("No meetings are planned yet");
        await Assertions.Expect(page.Locator("section[aria-labelledby=home-new] #home-library")).ToBeVisibleAsync();
        foreach (var shown in new[] { poll, questionnaire, card })
        {
            var box = await shown.BoundingBoxAsync();
            Assert.True(box is not null && box.Y + box.Height <= 1000, $"below the fold: {box?.Y}");
        }

        await page.GotoAsync("/meetings");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("LAC research network: twice-yearly meeting");
        var violations = new List<AxeResult>();
        await page.GotoAsync("/");
        await CheckAsync(page, violations, []);
        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    /// <summary>
    /// At 1280 px: a full-page screenshot (kept beside the test output) and every visible text input's
    /// rendered width; then axe at 1280 px and at 390 px.
    /// </summary>
    private static async Task CheckAsync(IPage page, List<AxeResult> violations, List<string> narrow)
    {
        await page.SetViewportSizeAsync(1280, 1000);
        var path = new Uri(page.Url).AbsolutePath;
        await page.ScreenshotAsync(new() { FullPage = true, Path = Path.Combine(Path.GetTempPath(), "hub-screens", Regex.Replace(path, "[^A-Za-z0-9]+", "_") + ".png") });
        var inputs = page.Locator("main input:not([type]), main input[type=text], main input[type=email], main input[type=url], main input[type=search], main input[type=password]");
        for (var i = 0; i < await inputs.CountAsync(); i++)
        {
            var input = inputs.Nth(i);
            if (await input.IsVisibleAsync() && await input.BoundingBoxAsync() is { Width: < 200 } box)
            {
                narrow.Add($"{path} #{await input.GetAttributeAsync("id")}: {box.Width} px");
            }
        }

        violations.Add(await Axe.RunAsync(page));
        await page.SetViewportSizeAsync(390, 844);
        violations.Add(await Axe.RunAsync(page));
        await page.SetViewportSizeAsync(1280, 1000);
    }

    private static async Task<List<string>> StartsAsync(IPage page) =>
        [.. (await page.Locator(".agenda-item__time").AllInnerTextsAsync()).Select(t => t.Trim()[..5])];

    private static string Local(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The administrator invites the person as a member; they accept in their own browser context.</summary>
    private async Task<IPage> JoinAsync(string email, string name)
    {
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        await admin.GotoAsync("/admin/invitations");
        await admin.GetByLabel("Email address").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync("Member");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"An invitation has been sent to {email}");
        await admin.Context.CloseAsync();

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

    [GeneratedRegex(@"/meetings/\d+/manage$")]
    private static partial Regex ManageUrl();
}
