using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Federation.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Federation;

/// <summary>Administrators manage harvest sources on /admin/federation/sources; nobody else reaches the page.</summary>
public sealed class HarvestSourcesPageTests(FederationHubs hubs) : IClassFixture<FederationHubs>
{
    [Fact]
    public async Task An_administrator_adds_a_source_that_is_due_at_once_and_asks_for_a_harvest()
    {
        var hub = await hubs.GetAsync("Sqlite");
        var admin = await SignInAdminAsync(hub);
        var name = $"Partner repository {Guid.NewGuid():N}";

        var refused = await admin.PostFormAsync("/admin/federation/sources",
            new Dictionary<string, string> { ["Input.Name"] = name, ["Input.BaseUrl"] = "ftp://example.org/oai", ["Input.IntervalHours"] = "24" }, formSelector: "form[action*='handler=Add']");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("full web address", await refused.Content.ReadAsStringAsync());

        var added = await admin.PostFormAsync("/admin/federation/sources",
            new Dictionary<string, string> { ["Input.Name"] = name, ["Input.BaseUrl"] = "https://repository.example.org/oai", ["Input.SetSpec"] = "reports", ["Input.IntervalHours"] = "12" },
            formSelector: "form[action*='handler=Add']");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var source = await hub.WithDbAsync(db => db.Set<HarvestSource>().SingleAsync(s => s.Name == name));
        Assert.Equal(("https://repository.example.org/oai", "reports", 12), (source.BaseUrl, source.SetSpec, source.IntervalHours));
        Assert.NotNull(source.NextRunAt);

        var page = await admin.GetDocumentAsync("/admin/federation/sources");
        Assert.Contains(page.QuerySelectorAll("h2"), h => h.TextContent == name);

        var member = await CreateUserAsync(hub, ResearchHub.Core.Modules.HubRoles.Member, null);
        var memberClient = await SignInAsync(hub, member);
        using var forbidden = await memberClient.GetAsync(new Uri("/admin/federation/sources", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
    }
}
