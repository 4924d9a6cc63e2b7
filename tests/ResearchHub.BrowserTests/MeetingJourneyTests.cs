using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ResearchHub.BrowserTests.Infrastructure;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests;

/// <summary>
/// The meetings journey in Chromium: an organiser creates a date poll with three slots, two members
/// answer (one reading the times in New York), the organiser closes it on a slot and the meeting
/// exists; both members get an invitation with an .ics; one registers; the agenda prints.
/// axe-core checks the poll, meeting, agenda and series pages on the way.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class MeetingJourneyTests(BrowserFixture browser)
{
    private const string Password = "Journey-Passw0rd-1";

    [Fact]
    public async Task A_poll_becomes_a_meeting_with_invitations_a_registration_and_a_printable_agenda()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var organiserEmail = $"organiser-{id}@example.org";
        var londonEmail = $"london-{id}@example.org";
        var newYorkEmail = $"newyork-{id}@example.org";
        var violations = new List<AxeResult>();

        var organiser = await JoinAsync(organiserEmail, "Organiser", "Olu Organiser");
        var london = await JoinAsync(londonEmail, "Member", "Lee London");
        var newYork = await JoinAsync(newYorkEmail, "Member", "Nia New York");

        // The organiser proposes three slots.
        var day = TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(60);   // the site runs on the system clock
        var title = $"Autumn research meeting {id}";
        await organiser.GotoAsync("/meetings/polls/new");
        await organiser.Locator("#Input_Title").FillAsync(title);
        for (var i = 0; i < 3; i++)
        {
            await organiser.Locator($"#Input_Slots_{i}__LocalStart").FillAsync(day.AddDays(i).AddHours(10 + i).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }

        await organiser.Locator("#Input_InviteEmails").FillAsync($"{londonEmail}\n{newYorkEmail}");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Create poll" }).ClickAsync();
        await organiser.WaitForURLAsync(PollUrl());
        var pollUrl = new Uri(organiser.Url).AbsolutePath;
        await Assertions.Expect(organiser.Locator("h1")).ToHaveTextAsync(title);

        // London answers in the poll's zone.
        await london.GotoAsync(pollUrl);
        violations.Add(await Axe.RunAsync(london));
        await AnswerAsync(london, ["Yes", "Yes", "No"]);

        // New York chooses their zone first and sees the times there.
        await newYork.GotoAsync(pollUrl);
        await newYork.GetByLabel("Show times in").SelectOptionAsync("America/New_York");
        await newYork.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(newYork.Locator("main")).ToContainTextAsync("Times below are in America/New_York");
        var nyStart = TimeZoneInfo.ConvertTime(new DateTimeOffset(day.AddHours(10), TimeSpan.Zero) - LondonOffset(day.AddHours(10)), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await Assertions.Expect(newYork.Locator("fieldset.poll-choice").First).ToContainTextAsync(nyStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await AnswerAsync(newYork, ["Yes", "If need be", "No"]);

        // The organiser picks the best slot: the meeting exists.
        await organiser.GotoAsync(pollUrl);
        await Assertions.Expect(organiser.Locator(".poll-best")).ToHaveCountAsync(1);
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Close poll and create the meeting" }).ClickAsync();
        await organiser.WaitForURLAsync(MeetingUrl());
        var meetingUrl = new Uri(organiser.Url).AbsolutePath;
        await Assertions.Expect(organiser.Locator("h1")).ToHaveTextAsync(title);
        violations.Add(await Axe.RunAsync(organiser));

        // Both members hear the chosen date and are invited, each with the calendar entry attached.
        foreach (var email in new[] { londonEmail, newYorkEmail })
        {
            var mail = await Poll.ForAsync(async () =>
                (await MailCatcher.Shared.MessagesToAsync(email)).FirstOrDefault(m => m.Subject == $"Date chosen: {title}"), $"the chosen date to {email}");
            Assert.Contains("text/calendar", mail.Parts);
        }

        // London registers.
        await london.GotoAsync(meetingUrl);
        violations.Add(await Axe.RunAsync(london));
        await london.GetByLabel("Yes, register me").CheckAsync();
        await london.GetByRole(AriaRole.Button, new() { Name = "Save my answer" }).ClickAsync();
        await Assertions.Expect(london.GetByRole(AriaRole.Status)).ToContainTextAsync("You are registered");

        // The organiser adds an agenda item; the agenda prints without the site's chrome.
        await organiser.GotoAsync($"{meetingUrl}/manage");
        await organiser.Locator("#Item_Title").FillAsync("Welcome and introductions");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToContainTextAsync("added to the agenda");
        await london.GotoAsync($"{meetingUrl}/agenda");
        violations.Add(await Axe.RunAsync(london));
        await london.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(london.Locator(".agenda-timeline")).ToBeVisibleAsync();
        await Assertions.Expect(london.Locator(".agenda-timeline")).ToContainTextAsync("Welcome and introductions");
        await Assertions.Expect(london.Locator(".site-header")).ToBeHiddenAsync();
        var pdf = await london.PdfAsync();
        Assert.True(pdf.Length > 1000);

        // London's registration mail carries one-click unsubscribe: its page at both widths, then
        // the click, which says what stops and what still comes.
        await london.EmulateMediaAsync(new() { Media = Media.Screen });
        var registered = await Poll.ForAsync(async () =>
            (await MailCatcher.Shared.MessagesToAsync(londonEmail)).FirstOrDefault(m => m.Subject == $"Registered: {title}"), $"the registration mail to {londonEmail}");
        var unsubscribe = Assert.Single(registered.Header("List-Unsubscribe")).Trim().Trim('<', '>');
        Assert.Contains("/meetings/notifications/unsubscribe/", unsubscribe, StringComparison.Ordinal);
        await london.GotoAsync(unsubscribe);
        await Assertions.Expect(london.Locator("h1")).ToHaveTextAsync("Stop this meeting notice");
        await Assertions.Expect(london.Locator("main")).ToContainTextAsync("Stop the email sent when");
        violations.Add(await Axe.RunAsync(london));
        await london.SetViewportSizeAsync(390, 844);
        violations.Add(await Axe.RunAsync(london));
        await london.GetByRole(AriaRole.Button, new() { Name = "Stop these emails" }).ClickAsync();
        await Assertions.Expect(london.GetByRole(AriaRole.Status)).ToContainTextAsync("you will no longer be emailed when");
        violations.Add(await Axe.RunAsync(london));
        await london.SetViewportSizeAsync(1280, 1000);

        // A series page, made on the organisers' dashboard.
        await organiser.GotoAsync("/meetings/dashboard");
        await organiser.GetByLabel("Title").FillAsync($"Journey series {id}");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Create series" }).ClickAsync();
        await organiser.GotoAsync($"/meetings/series/journey-series-{id}");
        await Assertions.Expect(organiser.Locator("h1")).ToHaveTextAsync($"Journey series {id}");
        violations.Add(await Axe.RunAsync(organiser));

        Assert.True(violations.All(v => v.Violations.Count == 0), string.Join("\n", violations.Where(v => v.Violations.Count > 0)));
    }

    private static TimeSpan LondonOffset(DateTime local) => TimeZoneInfo.FindSystemTimeZoneById("Europe/London").GetUtcOffset(local);

    private static async Task AnswerAsync(IPage page, string[] choices)
    {
        var slots = page.Locator("fieldset.poll-choice");
        for (var i = 0; i < choices.Length; i++)
        {
            await slots.Nth(i).GetByLabel(choices[i], new() { Exact = true }).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save my answer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your answer has been saved");
    }

    /// <summary>The administrator invites the person; they accept and are signed in, in their own browser context.</summary>
    private async Task<IPage> JoinAsync(string email, string role, string name)
    {
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync(HubSite.AdminEmail, HubSite.AdminPassword);
        await admin.GotoAsync("/admin/invitations");
        await admin.GetByLabel("Email address").FillAsync(email);
        await admin.GetByLabel("Role").SelectOptionAsync(role);
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

    [GeneratedRegex(@"/meetings/polls/\d+$")]
    private static partial Regex PollUrl();

    [GeneratedRegex(@"/meetings/\d+$")]
    private static partial Regex MeetingUrl();
}
