using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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

/// <summary>Bad input gets a clear message and changes nothing; each role sees and does only what it may.</summary>
public sealed class BadInputAndAccessTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_meeting_ending_before_it_starts_or_at_a_time_that_does_not_exist_is_refused(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var client = await SignedInClientAsync(hub, organiser.Email!, Password);
        var before = await hub.WithDbAsync(db => db.Set<Meeting>().CountAsync());
        var start = FutureDay(15, 14);

        using var backwards = await client.PostFormAsync("/meetings/new", MainForm, new()
        {
            ["Input.Title"] = "Backwards",
            ["Input.LocalStart"] = Local(start),
            ["Input.LocalEnd"] = Local(start.AddHours(-2)),
        });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("The end must be after the start.", await ErrorSummaryAsync(backwards), StringComparison.Ordinal);

        // 01:30 on the last Sunday of March 2027 is skipped in London: the clocks go from 01:00 to 02:00.
        using var skipped = await client.PostFormAsync("/meetings/new", MainForm, new()
        {
            ["Input.Title"] = "In the gap",
            ["Input.LocalStart"] = "2027-03-28T01:30",
            ["Input.LocalEnd"] = "2027-03-28T03:00",
        });
        Assert.Equal(HttpStatusCode.BadRequest, skipped.StatusCode);
        Assert.Contains("does not exist in Europe/London", await ErrorSummaryAsync(skipped), StringComparison.Ordinal);
        Assert.Equal(before, await hub.WithDbAsync(db => db.Set<Meeting>().CountAsync()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_agenda_item_outside_the_meeting_is_refused_and_overlaps_are_flagged(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var client = await SignedInClientAsync(hub, organiser.Email!, Password);
        var start = FutureDay(16, 13);
        var id = await CreateMeetingAsync(hub, "Half day", start, start.AddMinutes(90));

        using var outside = await client.PostFormAsync($"/meetings/{id}/manage", "form[action*='handler=AddItem']", new()
        {
            ["Item.LocalStart"] = Local(start.AddMinutes(80)),
            ["Item.DurationMinutes"] = "30",
            ["Item.Title"] = "Runs past the end",
        });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("The item must fit within the meeting", await ErrorSummaryAsync(outside), StringComparison.Ordinal);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<AgendaItem>().CountAsync(i => i.MeetingId == id)));

        foreach (var (minutes, title) in new[] { (0, "Welcome"), (3, "Overlapping talk") })
        {
            using var added = await client.PostFormAsync($"/meetings/{id}/manage", "form[action*='handler=AddItem']", new()
            {
                ["Item.LocalStart"] = Local(start.AddMinutes(minutes)),
                ["Item.DurationMinutes"] = "5",
                ["Item.Title"] = title,
            });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var agenda = await client.GetDocumentAsync($"/meetings/{id}/agenda");
        Assert.Equal(2, agenda.QuerySelectorAll(".agenda-warning").Length);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Answers_to_a_closed_poll_or_with_another_polls_slot_are_refused_and_change_nothing(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var (open, other) = await hub.WithScopeAsync(async sp =>
        {
            var polls = sp.GetRequiredService<PollService>();
            async Task<DatePoll> Create(string title) => (await polls.CreateAsync(new PollInput(title, null, null, null, false,
                [new SlotInput(FutureDay(60, 10), 60, "Europe/London"), new SlotInput(FutureDay(61, 10), 60, "Europe/London")],
                [], [member.Email!]), organiser.Id, default)).Value!;
            return (await Create("Open poll"), await Create("Another poll"));
        });
        var token = await ApiTokenAsync(hub, member, ApiScopes.Read, ApiScopes.Write);
        var api = hub.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // A slot of another poll: 400 with the reason; no answer stored.
        using var foreign = await api.PostAsJsonAsync($"/api/v1/polls/{open.Id}/answers",
            new { choices = new Dictionary<string, string> { [other.Slots[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = "yes" } });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("is not one of this poll's slots", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<PollResponse>().CountAsync(r => r.UserId == member.Id)));

        // A good answer, through the page.
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        using (var answered = await client.PostFormAsync($"/meetings/polls/{open.Id}", "#answer-form", new()
        {
            [$"Choices[{open.Slots[0].Id}]"] = "Yes",
            [$"Choices[{open.Slots[1].Id}]"] = "IfNeedBe",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        var page = await client.GetDocumentAsync($"/meetings/polls/{open.Id}");
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/polls/{open.Id}/answers",
            new { choices = new Dictionary<string, string> { [open.Slots[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = "yes", [open.Slots[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = "if-need-be" } })).StatusCode);

        // Closed: neither the form nor the API can change the answer.
        Assert.True((await hub.WithScopeAsync(sp => sp.GetRequiredService<PollService>().CloseAsync(open.Id, open.Slots[0].Id, organiser.Id, default))).Succeeded);
        var form = HubClientExtensions.FormValues((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#answer-form")!);
        form[$"Choices[{open.Slots[0].Id}]"] = "No";
        using var late = await client.PostAsync(new Uri($"/meetings/polls/{open.Id}?handler=Answer", UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("This poll is closed", await ErrorSummaryAsync(late), StringComparison.Ordinal);
        using var lateApi = await api.PostAsJsonAsync($"/api/v1/polls/{open.Id}/answers",
            new { choices = new Dictionary<string, string> { [open.Slots[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = "no" } });
        Assert.Equal(HttpStatusCode.BadRequest, lateApi.StatusCode);
        var choices = await hub.WithDbAsync(db => db.Set<PollAnswer>()
            .Where(x => db.Set<PollResponse>().Any(r => r.Id == x.ResponseId && r.UserId == member.Id && r.PollId == open.Id))
            .OrderBy(x => x.SlotId).Select(x => x.Choice).ToListAsync());
        Assert.Equal([PollChoice.Yes, PollChoice.IfNeedBe], choices);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Each_role_sees_and_does_only_what_it_may(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(25, 10);
        var network = await CreateMeetingAsync(hub, $"Members' meeting {Guid.NewGuid():N}", start, start.AddHours(2));
        var open = await CreateMeetingAsync(hub, $"Public meeting {Guid.NewGuid():N}", start, start.AddHours(2), visibility: MeetingVisibility.Public);
        await hub.WithDbAsync(async db =>
        {
            await db.Set<Meeting>().Where(m => m.Id == network).ExecuteUpdateAsync(s => s.SetProperty(m => m.OnlineUrl, "https://meet.example.org/secret-room"));
        });
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var other = await CreateMemberAsync(hub, HubRoles.Member);
        var organiser = await CreateMemberAsync(hub, HubRoles.Organiser);
        Assert.True((await hub.WithScopeAsync(sp => sp.GetRequiredService<RegistrationService>()
            .RegisterAsync(network, other.Id, new RegistrationInput(RegistrationResponse.Yes, "Step-free access please", "Vegan"), default))).Succeeded);

        // Anonymous: public meetings only, in pages and the API.
        var anonymous = hub.CreateBrowserClient();
        using (var toSignIn = await anonymous.GetAsync(new Uri($"/meetings/{network}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
            Assert.StartsWith("/account/sign-in?ReturnUrl=", toSignIn.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri($"/meetings/{open}", UriKind.Relative))).StatusCode);
        // Every page of the list, following its next links.
        var list = new List<JsonElement>();
        for (string? url = "/api/v1/meetings?pageSize=100"; url is not null;)
        {
            var chunk = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri(url, UriKind.RelativeOrAbsolute))).RootElement;
            list.AddRange(chunk.GetProperty("items").EnumerateArray());
            url = chunk.GetProperty("links").GetProperty("next").GetString();
        }

        Assert.DoesNotContain(list, m => m.GetProperty("id").GetInt64() == network);
        var shown = Assert.Single(list, m => m.GetProperty("id").GetInt64() == open);
        Assert.Equal($"{HubFactory.BaseUrl}/meetings/{open}/calendar.ics", shown.GetProperty("icsUrl").GetString());
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(new Uri("/meetings/dashboard", UriKind.Relative))).StatusCode);

        // A member sees the network meeting but neither the joining link (not registered) nor others' needs,
        // and cannot reach the organisers' pages.
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var page = await client.GetPageAsync($"/meetings/{network}");
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.DoesNotContain("secret-room", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Step-free", page.Html, StringComparison.Ordinal);
        foreach (var url in new[] { $"/meetings/{network}/manage", $"/meetings/{network}/participants", $"/meetings/{network}/participants?handler=Csv", "/meetings/dashboard", "/meetings/polls/new", "/meetings/new" })
        {
            using var denied = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(denied.StatusCode == HttpStatusCode.Redirect && denied.Headers.Location!.PathAndQuery.StartsWith("/account/access-denied", StringComparison.Ordinal), $"{url}: {denied.StatusCode} {denied.Headers.Location}");
        }

        // Registered, the member sees the joining link.
        Assert.True((await RegisterAsync(hub, network, member.Id)).Succeeded);
        Assert.Contains("secret-room", (await client.GetPageAsync($"/meetings/{network}")).Html, StringComparison.Ordinal);

        // The API with the member's token sees the network meeting; anonymous cannot register.
        var token = await ApiTokenAsync(hub, member, ApiScopes.Read, ApiScopes.Write);
        var api = hub.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var detail = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/v1/meetings/{network}", UriKind.Relative))).RootElement;
        Assert.Equal("https://meet.example.org/secret-room", detail.GetProperty("onlineUrl").GetString());
        Assert.Equal("yes", detail.GetProperty("registration").GetProperty("response").GetString());
        using var anonymousRegister = await hub.CreateClient().PostAsJsonAsync($"/api/v1/meetings/{open}/registration", new { response = "yes" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRegister.StatusCode);
        using var registered = await api.PostAsJsonAsync($"/api/v1/meetings/{open}/registration", new { response = "maybe" });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        // The organiser sees the participants and their needs, also as CSV.
        var org = await SignedInClientAsync(hub, organiser.Email!, Password);
        Assert.Contains("Step-free access please", (await org.GetPageAsync($"/meetings/{network}/participants")).Html, StringComparison.Ordinal);
        using var csv = await org.GetAsync(new Uri($"/meetings/{network}/participants?handler=Csv", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Step-free access please", text, StringComparison.Ordinal);
        Assert.Contains(other.Email!, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await org.GetAsync(new Uri("/meetings/dashboard", UriKind.Relative))).StatusCode);
    }
}
