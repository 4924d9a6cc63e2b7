using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>
/// The agenda is one timeline in time order (sessions as spans, parallel items side by side); every
/// agenda item, host or speaker and log entry can be edited and removed after a confirmation, each
/// change in the meeting's history; anonymous visitors asked for a members' meeting sign in first.
/// </summary>
public sealed class AgendaEditingTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_agenda_is_in_time_order_with_sessions_as_spans_and_parallel_items_side_by_side(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var client = await SignedInClientAsync(hub, organiser.Email!, Password);
        var start = FutureDay(30, 10);
        var id = await CreateMeetingAsync(hub, $"Timeline {Guid.NewGuid():N}", start, start.AddHours(3));

        // Entered in the order that grouped the old agenda by session: 10:00, 11:30, 11:45, then 10:30.
        foreach (var (minutes, duration, title, session) in new[]
        {
            (0, 30, "Welcome", "Plenary"),
            (90, 15, "Feedback from the workshops", "Plenary"),
            (105, 15, "Close", "Plenary"),
            (30, 60, "Outcome measures workshop", "Workshops A"),
            (30, 60, "Story coding workshop", "Workshops B"),
        })
        {
            using var added = await client.PostFormAsync($"/meetings/{id}/manage", "form[action*='handler=AddItem']", new()
            {
                ["Item.LocalStart"] = Local(start.AddMinutes(minutes)),
                ["Item.DurationMinutes"] = duration.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Item.Title"] = title,
                ["Item.SessionTitle"] = session,
            });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var agenda = await client.GetDocumentAsync($"/meetings/{id}/agenda");
        var times = agenda.QuerySelectorAll(".agenda-item__time time").Select(t => t.GetAttribute("datetime")!).Select(DateTimeOffset.Parse).ToList();
        Assert.Equal(5, times.Count);
        Assert.Equal(times.OrderBy(t => t), times);
        // The two workshops run at once: one block, a column each, labelled with their session.
        var parallel = Assert.Single(agenda.QuerySelectorAll(".agenda-block--parallel"));
        Assert.Equal(["Workshops A", "Workshops B"], parallel.QuerySelectorAll(".agenda-column__session").Select(e => e.TextContent.Trim()));
        // The plenary is a labelled span before and after them, with its times; no false overlap warnings.
        var spans = agenda.QuerySelectorAll(".agenda-span__label").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.StartsWith("Plenary", s, StringComparison.Ordinal));
        Assert.Contains("10:00–10:30", spans[0], StringComparison.Ordinal);
        Assert.Contains("11:30–12:00", spans[1], StringComparison.Ordinal);
        Assert.Empty(agenda.QuerySelectorAll(".agenda-warning"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Agenda_items_people_and_log_entries_are_edited_and_removed_after_a_confirmation_each_in_the_history(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var client = await SignedInClientAsync(hub, organiser.Email!, Password);
        var start = FutureDay(31, 9);
        var id = await CreateMeetingAsync(hub, $"Editing {Guid.NewGuid():N}", start, start.AddHours(4));
        var manage = $"/meetings/{id}/manage";

        using (var added = await client.PostFormAsync(manage, "form[action*='handler=AddPerson']", new() { ["PersonInput.Name"] = "Ada Host", ["PersonInput.Role"] = "Host" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var role = await hub.WithDbAsync(db => db.Set<MeetingPerson>().Include(p => p.Person).SingleAsync(p => p.MeetingId == id));
        foreach (var (minutes, title) in new[] { (0, "Welcome"), (60, "Evaluation pathways") })
        {
            using var added = await client.PostFormAsync(manage, "form[action*='handler=AddItem']", new()
            {
                ["Item.LocalStart"] = Local(start.AddMinutes(minutes)),
                ["Item.DurationMinutes"] = "30",
                ["Item.Title"] = title,
                ["Item.SpeakerIds"] = role.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        using (var added = await client.PostFormAsync(manage, "form[action*='handler=AddLog']", new() { ["LogInput.Issue"] = "Share the WEMWBS guidance", ["LogInput.Kind"] = "Action" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var items = await hub.WithDbAsync(db => db.Set<AgendaItem>().Where(i => i.MeetingId == id).OrderBy(i => i.StartUtc).ToListAsync());
        var entry = await hub.WithDbAsync(db => db.Set<LogEntry>().SingleAsync(e => e.MeetingId == id));

        // The manage page links each to its edit page and to its removal.
        var page = await client.GetDocumentAsync(manage);
        Assert.NotNull(page.QuerySelector($"a[href='/meetings/{id}/agenda/{items[0].Id}/edit']"));
        Assert.NotNull(page.QuerySelector($"a[href='/meetings/{id}/people/{role.Id}/edit?handler=Remove']"));
        Assert.NotNull(page.QuerySelector($"a[href='/meetings/{id}/log/{entry.Id}/edit']"));

        // Bad input on the edit page: a clear message, nothing changed.
        using (var empty = await client.PostFormAsync($"/meetings/{id}/agenda/{items[0].Id}/edit", MainForm, new() { ["Item.Title"] = " " }))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Contains("Enter a title", await ErrorSummaryAsync(empty), StringComparison.Ordinal);
        }

        // "Welcome" moves after the other item: the agenda follows the new time.
        using (var moved = await client.PostFormAsync($"/meetings/{id}/agenda/{items[0].Id}/edit", MainForm, new()
        {
            ["Item.Title"] = "Welcome back",
            ["Item.LocalStart"] = Local(start.AddMinutes(120)),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        var agenda = await client.GetDocumentAsync($"/meetings/{id}/agenda");
        Assert.Equal(["Evaluation pathways", "Welcome back"], agenda.QuerySelectorAll(".agenda-item__title").Select(t => t.TextContent.Trim()));
        // The prefilled form kept the speaker.
        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<AgendaItemSpeaker>().CountAsync(s => s.PersonId == role.PersonId)));

        // The removal asks first (a page of its own), then removes.
        var confirm = await client.GetDocumentAsync($"/meetings/{id}/agenda/{items[1].Id}/edit?handler=Remove");
        Assert.Contains("Remove “Evaluation pathways” from the agenda?", confirm.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<AgendaItem>().CountAsync(i => i.MeetingId == id)));
        using (var removed = await client.PostFormAsync($"/meetings/{id}/agenda/{items[1].Id}/edit?handler=Remove", MainForm, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.Equal(["Welcome back"], await hub.WithDbAsync(db => db.Set<AgendaItem>().Where(i => i.MeetingId == id).Select(i => i.Title).ToListAsync()));

        // The host: renamed and made a speaker; then removed, and with them their place on the agenda.
        using (var edited = await client.PostFormAsync($"/meetings/{id}/people/{role.Id}/edit", MainForm, new()
        {
            ["PersonInput.Name"] = "Ada Lovelace",
            ["PersonInput.Affiliation"] = "Evaluation lead, Derby",
            ["PersonInput.Role"] = "Speaker",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }

        var show = await client.GetDocumentAsync($"/meetings/{id}");
        Assert.Contains("Ada Lovelace", show.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Evaluation lead, Derby", show.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        using (var removed = await client.PostFormAsync($"/meetings/{id}/people/{role.Id}/edit?handler=Remove", MainForm, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<MeetingPerson>().AnyAsync(p => p.MeetingId == id)));
        Assert.False(await hub.WithDbAsync(db => db.Set<AgendaItemSpeaker>().AnyAsync(s => s.PersonId == role.PersonId)));

        // The log entry: edited, then removed.
        using (var edited = await client.PostFormAsync($"/meetings/{id}/log/{entry.Id}/edit", MainForm, new()
        {
            ["LogInput.Issue"] = "Share the WEMWBS and EQ-5D guidance",
            ["LogInput.DueOn"] = start.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }

        var saved = await hub.WithDbAsync(db => db.Set<LogEntry>().SingleAsync(e => e.Id == entry.Id));
        Assert.Equal("Share the WEMWBS and EQ-5D guidance", saved.Issue);
        Assert.Equal(DateOnly.FromDateTime(start.AddDays(14)), saved.DueOn);
        using (var removed = await client.PostFormAsync($"/meetings/{id}/log/{entry.Id}/edit?handler=Remove", MainForm, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.False(await hub.WithDbAsync(db => db.Set<LogEntry>().AnyAsync(e => e.Id == entry.Id)));

        // Every change is in the history, newest first, with who made it.
        var history = await client.GetDocumentAsync($"/meetings/{id}/history");
        var lines = history.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("Removed from the log: “Share the WEMWBS and EQ-5D guidance”", lines[0], StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "Changed the agenda item “Welcome” (09:00–09:30, Talk) to “Welcome back” (11:00–11:30, Talk)",
            "Removed the agenda item “Evaluation pathways”",
            "Changed Ada Host (host) to Ada Lovelace (speaker)",
            "Removed Ada Lovelace (speaker)",
            "Changed the log entry “Share the WEMWBS guidance”",
            "Added Ada Host as host",
            "Created the meeting",
        })
        {
            Assert.Contains(lines, l => l.Contains(expected, StringComparison.Ordinal));
        }

        Assert.All(lines.Take(lines.Count - 1), l => Assert.Contains(organiser.DisplayName, l, StringComparison.Ordinal));

        // Members cannot reach the edit pages or the history.
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var memberClient = await SignedInClientAsync(hub, member.Email!, Password);
        foreach (var url in new[] { $"/meetings/{id}/history", $"/meetings/{id}/log/{entry.Id}/edit", $"/meetings/{id}/agenda/{items[0].Id}/edit" })
        {
            using var denied = await memberClient.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/account/access-denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Anonymous_visitors_are_sent_to_sign_in_for_any_meeting_they_may_not_see_and_members_get_404_for_none(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(32, 10);
        var network = await CreateMeetingAsync(hub, $"Members only {Guid.NewGuid():N}", start, start.AddHours(2));
        var anonymous = hub.CreateBrowserClient();
        foreach (var url in new[] { $"/meetings/{network}", $"/meetings/{network}/agenda", $"/meetings/{network}/minutes", $"/meetings/{network}/report", $"/meetings/{network}/calendar.ics", "/meetings/987654321" })
        {
            using var response = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/account/sign-in?ReturnUrl={Uri.EscapeDataString(url)}", response.Headers.Location!.PathAndQuery);
        }

        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/meetings/{network}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/meetings/987654321", UriKind.Relative))).StatusCode);
    }
}
