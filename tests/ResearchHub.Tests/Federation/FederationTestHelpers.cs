using System.Net;
using System.Xml.Linq;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Federation;

/// <summary>Hubs with the harvest worker off (tests run harvests themselves), OAI pages of 100 and quick retries.</summary>
public sealed class FederationHubs : HubFactoryFixture
{
    public const long MaxResponseBytes = 1024 * 1024;

    protected override void Configure(HubFactory factory) => Settings(factory);

    public static HubFactory Settings(HubFactory factory) =>
        factory.WithSetting("Hub:Federation:Harvester:RunWorker", "false")
            .WithSetting("Hub:Library:RunExtractionWorker", "false")
            .WithSetting("Hub:Federation:OaiPageSize", "100")
            .WithSetting("Hub:Federation:Harvester:RetryBaseSeconds", "0.05")
            .WithSetting("Hub:Federation:Harvester:MaxAttempts", "3")
            .WithSetting("Hub:Federation:Harvester:MaxPages", "50")
            .WithSetting("Hub:Federation:Harvester:MaxResponseBytes", MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

internal static class FederationTestHelpers
{
    /// <summary>GETs /oai?query, checks the HTTP answer, and validates the XML against the schemas.</summary>
    public static async Task<XDocument> OaiAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/oai?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return OaiSchemas.AssertValid(await response.Content.ReadAsStringAsync());
    }

    public static async Task<XDocument> OaiPostAsync(HttpClient client, params (string Key, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        using var response = await client.PostAsync(new Uri("/oai", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return OaiSchemas.AssertValid(await response.Content.ReadAsStringAsync());
    }

    public static string? ErrorCode(XDocument document) =>
        (string?)document.Root!.Element(OaiSchemas.Oai + "error")?.Attribute("code");

    public static string Identifier(long id) => $"oai:localhost:resource/{id}";
}
