using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using ResearchHub.Library.Api;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// The OpenID Connect provider's keys live in the database: two nodes of one site (two hubs on one
/// storage) sign and accept the same tokens; after a rotation a node started later publishes both
/// keys and still accepts tokens sealed with the old ones; once the old keys are dropped their tokens
/// are refused and the new ones keep working.
/// </summary>
public sealed class OpenIdKeyTests
{
    private const string Secret = "node-secret-0123456789";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Nodes_share_the_keys_and_a_rotation_keeps_earlier_tokens_until_the_old_keys_are_dropped(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        await using var first = new HubFactory(storage);
        await first.StartAsync();
        var organisation = await CreateOrganisationAsync(first);
        var (_, errors) = await first.WithScopeAsync(sp => sp.GetRequiredService<OpenIdClientService>().CreateAsync(
            new OpenIdClientInput("node-harvester", "Node harvester", true, [], [LibraryApiScopes.Read], false, true, organisation.Id, Secret), CancellationToken.None));
        Assert.Empty(errors);
        var before = await TokenAsync(first);
        var firstKeys = await KeyIdsAsync(first);
        Assert.Single(firstKeys);

        await first.WithScopeAsync(sp => sp.GetRequiredService<OpenIdKeyRing>().RotateAsync(sp.GetRequiredService<HubDbContext>(), null, CancellationToken.None));

        await using var second = new HubFactory(storage);
        await second.StartAsync();
        var secondKeys = await KeyIdsAsync(second);
        Assert.Equal(2, secondKeys.Count);
        Assert.Subset(secondKeys.ToHashSet(), firstKeys.ToHashSet());
        Assert.Equal(HttpStatusCode.OK, await ResourcesStatusAsync(second, before));
        var after = await TokenAsync(second);
        Assert.Equal(HttpStatusCode.OK, await ResourcesStatusAsync(second, after));

        // The old keys are dropped (created before the rotation): their tokens stop working on a node started since.
        await second.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<HubDbContext>();
            var rotatedAt = (await db.Set<OpenIdKey>().AsNoTracking().ToListAsync()).Max(k => k.CreatedAt);
            await sp.GetRequiredService<OpenIdKeyRing>().RotateAsync(db, rotatedAt, CancellationToken.None);
        });
        await second.WithDbAsync(async db => Assert.Equal(4, await db.Set<OpenIdKey>().CountAsync()));

        await using var third = new HubFactory(storage);
        await third.StartAsync();
        Assert.DoesNotContain(firstKeys[0], await KeyIdsAsync(third));
        Assert.Equal(HttpStatusCode.Unauthorized, await ResourcesStatusAsync(third, before));
        Assert.Equal(HttpStatusCode.OK, await ResourcesStatusAsync(third, after));
    }

    private static async Task<string> TokenAsync(HubFactory hub)
    {
        using var client = hub.CreateClient();
        using var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "node-harvester", ["client_secret"] = Secret, ["scope"] = "library:read",
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private static async Task<List<string>> KeyIdsAsync(HubFactory hub)
    {
        using var client = hub.CreateClient();
        return [.. new JsonWebKeySet(await client.GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative))).Keys.Select(k => k.Kid)];
    }

    private static async Task<HttpStatusCode> ResourcesStatusAsync(HubFactory hub, string token)
    {
        using var client = hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/resources", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
