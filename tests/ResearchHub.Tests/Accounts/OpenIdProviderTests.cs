using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Security;
using ResearchHub.Library.Api;
using ResearchHub.Library.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Accounts;

public sealed class OpenIdHubs : HubFactoryFixture;

/// <summary>
/// The hub as an OpenID Connect provider, on both providers, over HTTP against the running hub:
/// discovery and JWKS; an application registered on the admin page going through the authorization
/// code flow with PKCE (sign-in, consent page, code, tokens) and reading /api/v1 with exactly what its
/// member may see; refresh-token rotation; revocation; withdrawing consent on the profile; and a
/// harvester with client credentials acting as its organisation's service account.
/// </summary>
public sealed class OpenIdProviderTests(OpenIdHubs hubs) : IClassFixture<OpenIdHubs>
{
    private const string RedirectUri = "http://127.0.0.1:49152/callback";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_discovery_document_and_the_key_set_describe_the_provider(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        using var client = hub.CreateClient();

        using var discovery = JsonDocument.Parse(await client.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative)));
        var root = discovery.RootElement;
        Assert.Equal("http://localhost/", root.GetProperty("issuer").GetString());
        Assert.Equal("http://localhost/connect/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost/connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/connect/revoke", root.GetProperty("revocation_endpoint").GetString());
        Assert.Equal("http://localhost/connect/introspect", root.GetProperty("introspection_endpoint").GetString());
        Assert.Contains("S256", Strings(root, "code_challenge_methods_supported"));
        Assert.DoesNotContain("plain", Strings(root, "code_challenge_methods_supported"));
        Assert.Subset(Strings(root, "grant_types_supported").ToHashSet(), new HashSet<string> { "authorization_code", "refresh_token", "client_credentials" });
        Assert.Subset(Strings(root, "scopes_supported").ToHashSet(), TestApiScopes.Catalog.All.ToHashSet());

        var jwks = await KeySetAsync(hub, root.GetProperty("jwks_uri").GetString()!);
        var key = Assert.Single(jwks.Keys);
        Assert.Equal("RSA", key.Kty);
        Assert.Equal("sig", key.Use);
        Assert.False(string.IsNullOrEmpty(key.Kid));
        Assert.True(Base64UrlEncoder.DecodeBytes(key.N).Length >= 256, "the signing key has at least 2048 bits");
        Assert.False(key.HasPrivateKey, "the key set publishes no private part");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_tool_with_the_code_flow_reads_what_its_member_may_see_until_it_is_revoked(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var home = await CreateOrganisationAsync(hub);
        var other = await CreateOrganisationAsync(hub);
        var member = await CreateUserAsync(hub, HubRoles.Member, home.Id);
        var ownOrg = await CreateResourceAsync(hub, $"Home only {Guid.NewGuid():N}", home.Id, ResourceVisibility.Organisation);
        var otherOrg = await CreateResourceAsync(hub, $"Other only {Guid.NewGuid():N}", other.Id, ResourceVisibility.Organisation);
        var network = await CreateResourceAsync(hub, $"Network {Guid.NewGuid():N}", other.Id, ResourceVisibility.Network);

        // The administrator registers the tool: public (PKCE, no secret), library:read and accounts:read only.
        var clientId = $"qda-{Guid.NewGuid():N}"[..20];
        var admin = await SignInAdminAsync(hub);
        using (var registered = await admin.PostFormAsync("/admin/openid-clients", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "QDA server",
            ["Input.ClientId"] = clientId,
            ["Input.Type"] = "public",
            ["Input.AuthorizationCode"] = "true",
            ["Input.RedirectUris"] = RedirectUri,
            ["Input.Scopes"] = LibraryApiScopes.Read,
        }, formSelector: "form#register"))
        {
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }

        // The member signs in and is asked to consent; the page lists the scopes asked for.
        var browser = await SignInAsync(hub, member);
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var authorize = AuthorizeUrl(clientId, "openid profile offline_access library:read", "state-1", verifier);
        var consent = await browser.GetPageAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, consent.Response.StatusCode);
        Assert.Contains("QDA server", consent.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var listed = consent.Document.QuerySelectorAll("#requested-scopes code").Select(c => c.TextContent).ToList();
        Assert.Equal(["openid", "profile", "offline_access", "library:read"], listed);
        // The answer to the consent form is redirected to the tool: the page's CSP lets the form go there.
        Assert.Contains("form-action 'self' http://127.0.0.1:49152;", consent.Response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var allowed = await browser.PostFormAsync(authorize, new Dictionary<string, string>(), formSelector: "form#consent");
        var code = CodeFrom(allowed, "state-1");

        // The consent is remembered: the next authorization goes straight back with a code.
        using (var again = await browser.GetAsync(new Uri(AuthorizeUrl(clientId, "openid library:read", "state-2", verifier), UriKind.Relative)))
        {
            Assert.NotNull(CodeFrom(again, "state-2"));
        }

        var tokens = await TokenAsync(hub, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri,
            ["client_id"] = clientId, ["code_verifier"] = verifier,
        });
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        // The ID token is signed by a key of the published key set, for this client, by this issuer.
        var jwks = await KeySetAsync(hub, "/.well-known/jwks");
        var idToken = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.GetProperty("id_token").GetString(), new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = clientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateLifetime = false, // the test's clock is not the point here
        });
        Assert.True(idToken.IsValid, idToken.Exception?.Message);
        Assert.Equal(member.Id, idToken.Claims["sub"]);

        // Exactly what the member may see, as a personal token of theirs sees it.
        var personal = await CreateTokenAsync(hub, member, isAdministrator: false, LibraryApiScopes.Read);
        var seen = await ResourceIdsAsync(hub, accessToken);
        Assert.Equal(await ResourceIdsAsync(hub, personal), seen);
        Assert.Contains(ownOrg.Id, seen);
        Assert.Contains(network.Id, seen);
        Assert.DoesNotContain(otherOrg.Id, seen);

        // No library:write on the token: a write is refused and changes nothing.
        using (var write = await SendAsync(hub, HttpMethod.Post, "/api/v1/resources", accessToken, """{ "kind": "case-study", "title": "Via OAuth" }"""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        }

        // Refresh: the new pair works; the old refresh token is spent.
        var refreshed = await TokenAsync(hub, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId });
        var newAccess = refreshed.GetProperty("access_token").GetString()!;
        var newRefresh = refreshed.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(refreshToken, newRefresh);
        Assert.Equal(seen, await ResourceIdsAsync(hub, newAccess));
        using (var reused = await PostTokenAsync(hub, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
            Assert.Equal("invalid_grant", JsonDocument.Parse(await reused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }

        // Revoked at the revocation endpoint: 401.
        using (var revoke = await hub.CreateClient().PostAsync(new Uri("/connect/revoke", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = accessToken, ["client_id"] = clientId })))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using (var afterRevoke = await SendAsync(hub, HttpMethod.Get, "/api/v1/resources", accessToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        }

        // The profile lists the application; withdrawing it stops every token it still holds.
        var profile = await browser.GetDocumentAsync("/account/profile");
        Assert.Contains("QDA server", profile.QuerySelector("#connected-list")!.TextContent, StringComparison.Ordinal);
        using (var withdrawn = await browser.PostFormAsync("/account/profile", new Dictionary<string, string>(), formSelector: "#connected-list form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        using (var afterWithdraw = await SendAsync(hub, HttpMethod.Get, "/api/v1/resources", newAccess))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, afterWithdraw.StatusCode);
        }

        using (var refreshAfterWithdraw = await PostTokenAsync(hub, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = newRefresh, ["client_id"] = clientId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refreshAfterWithdraw.StatusCode);
        }

        Assert.DoesNotContain("QDA server", (await browser.GetDocumentAsync("/account/profile")).QuerySelector("#connected-applications")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_harvester_with_client_credentials_reads_as_its_organisations_service_account(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var home = await CreateOrganisationAsync(hub);
        var other = await CreateOrganisationAsync(hub);
        var ownOrg = await CreateResourceAsync(hub, $"Harvest home {Guid.NewGuid():N}", home.Id, ResourceVisibility.Organisation);
        var otherOrg = await CreateResourceAsync(hub, $"Harvest other {Guid.NewGuid():N}", other.Id, ResourceVisibility.Organisation);

        var clientId = $"harvester-{Guid.NewGuid():N}"[..24];
        var admin = await SignInAdminAsync(hub);
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Repository harvester",
            ["Input.ClientId"] = clientId,
            ["Input.Type"] = "confidential",
            ["Input.AuthorizationCode"] = "false",
            ["Input.ClientCredentials"] = "true",
            ["Input.OrganisationId"] = home.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Scopes"] = LibraryApiScopes.Read,
        };

        // Bad input first: a public client cannot use client credentials; nothing is registered.
        using (var refused = await admin.PostFormAsync("/admin/openid-clients", new Dictionary<string, string>(fields) { ["Input.Type"] = "public" }, formSelector: "form#register"))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Only a confidential application", await AccountTestHelpers.ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(clientId, (await admin.GetDocumentAsync("/admin/openid-clients")).QuerySelector("#clients")!.TextContent, StringComparison.Ordinal);

        using (var registered = await admin.PostFormAsync("/admin/openid-clients", fields, formSelector: "form#register"))
        {
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }

        var secret = (await admin.GetDocumentAsync("/admin/openid-clients")).QuerySelector("#new-secret")!.TextContent.Trim();
        Assert.StartsWith("rhc_", secret, StringComparison.Ordinal);

        using (var wrongSecret = await PostTokenAsync(hub, new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "rhc_wrong", ["scope"] = "library:read" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        }

        using (var notAllowed = await PostTokenAsync(hub, new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "library:write" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notAllowed.StatusCode);
        }

        var token = (await TokenAsync(hub, new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "library:read" }))
            .GetProperty("access_token").GetString()!;

        var seen = await ResourceIdsAsync(hub, token);
        Assert.Contains(ownOrg.Id, seen);
        Assert.DoesNotContain(otherOrg.Id, seen);

        // Introspection, by the client itself.
        using var introspected = await hub.CreateClient().PostAsync(new Uri("/connect/introspect", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["token"] = token, ["client_id"] = clientId, ["client_secret"] = secret }));
        var introspection = await introspected.Content.ReadAsStringAsync();
        Assert.True(JsonDocument.Parse(introspection).RootElement.GetProperty("active").GetBoolean(), introspection);

        // Revoked by the client: introspection says inactive, and the API refuses it.
        using (var revoked = await hub.CreateClient().PostAsync(new Uri("/connect/revoke", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["token"] = token, ["client_id"] = clientId, ["client_secret"] = secret })))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        using var again = await hub.CreateClient().PostAsync(new Uri("/connect/introspect", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["token"] = token, ["client_id"] = clientId, ["client_secret"] = secret }));
        Assert.False(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("active").GetBoolean());
        using var afterRevoke = await SendAsync(hub, HttpMethod.Get, "/api/v1/resources", token);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_recipe_registers_a_harvester_once_and_refuses_a_bad_one_whole(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var home = await CreateOrganisationAsync(hub);
        var clientId = $"recipe-{Guid.NewGuid():N}"[..20];
        var recipe = $$"""
            { "name": "clients", "steps": [ { "name": "openid-clients", "clients": [
              { "clientId": "{{clientId}}", "displayName": "Recipe harvester", "type": "confidential", "secret": "recipe-secret-0123456789",
                "grants": ["client_credentials"], "scopes": ["library:read"], "organisation": "{{home.Name}}" } ] } ] }
            """;

        await RunRecipeAsync(hub, recipe);
        await RunRecipeAsync(hub, recipe); // a second run changes nothing
        var clients = await hub.WithScopeAsync(sp => sp.GetRequiredService<OpenIdClientService>().ListAsync(CancellationToken.None));
        var registered = Assert.Single(clients, c => c.ClientId == clientId);
        Assert.True(registered.AllowClientCredentials);
        Assert.Equal([LibraryApiScopes.Read], registered.Scopes);

        var token = await TokenAsync(hub, new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "recipe-secret-0123456789", ["scope"] = "library:read" });
        Assert.False(string.IsNullOrEmpty(token.GetProperty("access_token").GetString()));

        var badId = $"bad-{Guid.NewGuid():N}"[..16];
        var bad = await Assert.ThrowsAsync<RecipeException>(() => RunRecipeAsync(hub, $$"""
            { "name": "bad", "steps": [ { "name": "openid-clients", "clients": [
              { "clientId": "{{badId}}", "type": "public", "redirectUris": ["not a uri"], "scopes": ["library:read"] } ] } ] }
            """));
        Assert.Contains("not a redirect URI", bad.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await hub.WithScopeAsync(sp => sp.GetRequiredService<OpenIdClientService>().ListAsync(CancellationToken.None)), c => c.ClientId == badId);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_developer_page_explains_the_three_ways_in_with_the_hubs_own_addresses(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var page = await hub.CreateBrowserClient().GetDocumentAsync("/developers/api");

        var headings = page.QuerySelectorAll("h3").Select(h => h.TextContent).ToList();
        Assert.Contains(headings, h => h.Contains("personal API token", StringComparison.Ordinal));
        Assert.Contains(headings, h => h.Contains("authorization code with PKCE", StringComparison.Ordinal));
        Assert.Contains(headings, h => h.Contains("Client credentials", StringComparison.Ordinal));
        var examples = string.Join("\n", page.QuerySelectorAll("pre code").Select(c => c.TextContent));
        Assert.Contains("curl -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials -d scope=library:read http://localhost/connect/token", examples, StringComparison.Ordinal);
        Assert.Contains("http://localhost/connect/authorize?response_type=code", examples, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", examples, StringComparison.Ordinal);
        Assert.Contains("curl -H \"Authorization: Bearer rh_YOUR_TOKEN\" http://localhost/api/v1/resources", examples, StringComparison.Ordinal);
    }

    private static Task RunRecipeAsync(HubFactory hub, string json) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<RecipeExecutor>().RunAsync(Encoding.UTF8.GetBytes(json), "openid.recipe.json", CancellationToken.None));

    private static string AuthorizeUrl(string clientId, string scope, string state, string verifier) =>
        "/connect/authorize?" + string.Join("&", new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    private static string CodeFrom(HttpResponseMessage response, string state)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.ToString(), StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"].ToString());
        return query["code"].ToString();
    }

    private static async Task<HttpResponseMessage> PostTokenAsync(HubFactory hub, Dictionary<string, string> form) =>
        await hub.CreateClient().PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form));

    private static async Task<JsonElement> TokenAsync(HubFactory hub, Dictionary<string, string> form)
    {
        using var response = await PostTokenAsync(hub, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonWebKeySet> KeySetAsync(HubFactory hub, string url)
    {
        using var client = hub.CreateClient();
        return new JsonWebKeySet(await client.GetStringAsync(new Uri(url, UriKind.RelativeOrAbsolute)));
    }

    private static async Task<HttpResponseMessage> SendAsync(HubFactory hub, HttpMethod method, string url, string token, string? json = null)
    {
        var client = hub.CreateClient();
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private static async Task<List<long>> ResourceIdsAsync(HubFactory hub, string token)
    {
        using var response = await SendAsync(hub, HttpMethod.Get, "/api/v1/resources?pageSize=100", token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order()];
    }

    private static List<string> Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
