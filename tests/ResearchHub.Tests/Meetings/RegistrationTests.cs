using System.Net;
using ResearchHub.Core.Modules;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.Meetings;

/// <summary>Capacity and the waiting list: sequentially through the page, and with concurrent registrations.</summary>
public sealed class RegistrationTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_registration_after_capacity_waits_and_moves_up_when_someone_cancels(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(20, 10);
        var id = await CreateMeetingAsync(hub, "Two places", start, start.AddHours(2), capacity: 2);
        var members = new List<(string Id, HttpClient Client, string Email)>();
        for (var i = 0; i < 3; i++)
        {
            var m = await CreateMemberAsync(hub, HubRoles.Member);
            members.Add((m.Id, await SignedInClientAsync(hub, m.Email!, Password), m.Email!));
        }

        foreach (var (_, client, _) in members)
        {
            using var response = await client.PostFormAsync($"/meetings/{id}", "main form[action*='handler=Register']", new()
            {
                ["Input.Response"] = "Yes",
                ["Input.DietaryNeeds"] = "Vegetarian",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var third = await members[2].Client.GetDocumentAsync($"/meetings/{id}");
        Assert.Contains("waiting list", third.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var registrations = await RegistrationsAsync(hub, id);
        Assert.Equal(2, registrations.Count(r => r.TakesPlace));
        Assert.Equal(RegistrationStatus.Waitlisted, registrations.Single(r => r.UserId == members[2].Id).Status);

        // The first cancels: the third gets the place and is told, with the calendar entry.
        using (var cancel = await members[0].Client.PostFormAsync($"/meetings/{id}", "main form[action*='handler=Register']", new() { ["Input.Response"] = "No" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        }

        registrations = await RegistrationsAsync(hub, id);
        Assert.Equal(new[] { members[1].Id, members[2].Id }.Order(StringComparer.Ordinal), registrations.Where(r => r.TakesPlace).Select(r => r.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(RegistrationStatus.NotAttending, registrations.Single(r => r.UserId == members[0].Id).Status);
        var place = await WaitForMailsAsync(members[2].Email, m => m.Subject.StartsWith("You have a place:", StringComparison.Ordinal));
        Assert.Equal("REQUEST", Assert.Single(place[0].Attachments).Method);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Concurrent_registrations_never_exceed_capacity_and_the_waiting_list_moves_up_in_order(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var start = FutureDay(21, 10);
        var id = await CreateMeetingAsync(hub, "Five places", start, start.AddHours(2), capacity: 5);
        var users = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            users.Add((await CreateMemberAsync(hub, HubRoles.Member)).Id);
        }

        // Twelve at once, each in its own scope and connection, as twelve requests would be.
        var outcomes = await Task.WhenAll(users.Select(u => Task.Run(() => RegisterAsync(hub, id, u))));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, string.Join(" ", o.Problems.Select(p => p.Message))));
        var registrations = await RegistrationsAsync(hub, id);
        Assert.Equal(5, registrations.Count(r => r.TakesPlace));
        Assert.Equal(7, registrations.Count(r => r.Status == RegistrationStatus.Waitlisted));

        // Two with places cancel at once: the two longest waiting move up, no more.
        var leaving = registrations.Where(r => r.TakesPlace).Take(2).Select(r => r.UserId).ToList();
        var firstInLine = registrations.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.QueuedAt).ThenBy(r => r.Id).Take(2).Select(r => r.UserId).ToHashSet();
        await Task.WhenAll(leaving.Select(u => Task.Run(() => RegisterAsync(hub, id, u, RegistrationResponse.No))));
        registrations = await RegistrationsAsync(hub, id);
        Assert.Equal(5, registrations.Count(r => r.TakesPlace));
        Assert.Equal(5, registrations.Count(r => r.Status == RegistrationStatus.Waitlisted));
        Assert.All(firstInLine, u => Assert.True(registrations.Single(r => r.UserId == u).TakesPlace));
    }
}
