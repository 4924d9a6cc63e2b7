using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Accounts;

/// <summary>Hubs whose clock the tests move (token expiry).</summary>
public sealed class ClockedHubs : HubFactoryFixture
{
    public TestClock Clock { get; } = new();

    protected override void Configure(HubFactory factory) =>
        factory.WithServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>Personal API tokens on /api/v1, on both providers: only within their scopes, until they expire or are revoked.</summary>
public sealed class ApiTokenTests(ClockedHubs hubs) : IClassFixture<ClockedHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_read_token_reads_its_owner_and_records_its_use(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var user = await CreateUserAsync(hub, HubRoles.Member);
        var (token, id) = await CreateTokenAsync(hub, user, isAdministrator: false, [ApiScopes.Read]);

        using var response = await GetAsync(hub, "/api/v1/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(user.Email, json.RootElement.GetProperty("email").GetString());
        Assert.Equal(user.Id, json.RootElement.GetProperty("id").GetString());
        Assert.Equal([HubRoles.Member], json.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(TestApiScopes.Catalog.Legacy(ApiScopes.Read), json.RootElement.GetProperty("scopes").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(hubs.Clock.GetUtcNow(), await hub.WithDbAsync(db =>
            db.Set<ApiToken>().Where(t => t.Id == id).Select(t => t.LastUsedAt).SingleAsync()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task No_token_or_an_unknown_token_is_401(string provider)
    {
        var hub = await hubs.GetAsync(provider);

        using var none = await GetAsync(hub, "/api/v1/me", token: null);
        using var unknown = await GetAsync(hub, "/api/v1/me", ApiTokenService.TokenPrefix + "not-a-token-we-issued");
        using var basic = await SendAsync(hub, "/api/v1/me", new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz"));

        foreach (var response in new[] { none, unknown, basic })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("email", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_token_without_the_needed_scope_is_403(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var user = await CreateUserAsync(hub, HubRoles.Member);
        var (writeOnly, _) = await CreateTokenAsync(hub, user, isAdministrator: false, [ApiScopes.Write]);

        using var response = await GetAsync(hub, "/api/v1/me", writeOnly);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(user.Email!, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_cannot_create_an_admin_scoped_token(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var user = await CreateUserAsync(hub, HubRoles.Member);

        var (created, errors) = await hub.WithScopeAsync(sp => sp.GetRequiredService<ApiTokenService>()
            .CreateAsync(user, isAdministrator: false, "sneaky", [ApiScopes.Read, ApiScopes.Admin], 30, CancellationToken.None));

        Assert.Null(created);
        Assert.Contains(errors, e => e.Contains("Only administrators", StringComparison.Ordinal));
        Assert.False(await hub.WithDbAsync(db => db.Set<ApiToken>().AnyAsync(t => t.UserId == user.Id)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Admin_api_needs_an_administrator_and_the_admin_scope(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var admin = await CreateUserAsync(hub, HubRoles.Administrator);
        var member = await CreateUserAsync(hub, HubRoles.Member);
        var (adminToken, _) = await CreateTokenAsync(hub, admin, isAdministrator: true, [ApiScopes.Read, ApiScopes.Admin]);
        var (adminReadOnly, _) = await CreateTokenAsync(hub, admin, isAdministrator: true, [ApiScopes.Read]);
        var (memberRead, _) = await CreateTokenAsync(hub, member, isAdministrator: false, [ApiScopes.Read]);
        // As if the admin scope had been granted to a member's token anyway (a bug, or a stale row):
        var (memberAdmin, _) = await CreateTokenAsync(hub, member, isAdministrator: true, [ApiScopes.Read, ApiScopes.Admin]);

        // Every page of the list, following its next links.
        var emails = new List<string?>();
        for (string? url = "/api/v1/admin/members?pageSize=100"; url is not null;)
        {
            using var allowed = await GetAsync(hub, url, adminToken);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            using var members = JsonDocument.Parse(await allowed.Content.ReadAsStringAsync());
            emails.AddRange(members.RootElement.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("email").GetString()));
            url = members.RootElement.GetProperty("links").GetProperty("next").GetString() is { } next ? new Uri(next).PathAndQuery : null;
        }

        Assert.Contains(member.Email, emails);
        Assert.Contains(admin.Email, emails);

        foreach (var (name, token) in new[] { ("admin token without admin scope", adminReadOnly), ("member read token", memberRead), ("member token with admin scope", memberAdmin) })
        {
            using var refused = await GetAsync(hub, "/api/v1/admin/members", token);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{name}: {(int)refused.StatusCode}");
            Assert.DoesNotContain(admin.Email!, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var audit = await GetAsync(hub, "/api/v1/admin/audit", memberAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_admin_token_stops_working_for_admin_endpoints_when_its_owner_is_demoted(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var admin = await CreateUserAsync(hub, HubRoles.Administrator);
        var (token, _) = await CreateTokenAsync(hub, admin, isAdministrator: true, [ApiScopes.Read, ApiScopes.Admin]);
        using (var before = await GetAsync(hub, "/api/v1/admin/members", token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = await users.FindByIdAsync(admin.Id);
            Assert.True((await users.RemoveFromRoleAsync(user!, HubRoles.Administrator)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user!, HubRoles.Member)).Succeeded);
        });

        using var after = await GetAsync(hub, "/api/v1/admin/members", token);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        using var me = await GetAsync(hub, "/api/v1/me", token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal(TestApiScopes.Catalog.Legacy(ApiScopes.Read), json.RootElement.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_revoked_token_is_401(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var user = await CreateUserAsync(hub, HubRoles.Member);
        var (token, id) = await CreateTokenAsync(hub, user, isAdministrator: false, [ApiScopes.Read]);
        using (var before = await GetAsync(hub, "/api/v1/me", token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True(await hub.WithScopeAsync(sp => sp.GetRequiredService<ApiTokenService>().RevokeAsync(id, user.Id, isAdministrator: false, CancellationToken.None)));

        using var after = await GetAsync(hub, "/api/v1/me", token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_expired_token_is_401(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var user = await CreateUserAsync(hub, HubRoles.Member);
        var (token, _) = await CreateTokenAsync(hub, user, isAdministrator: false, [ApiScopes.Read], lifetimeDays: 1);
        hubs.Clock.Advance(TimeSpan.FromHours(23));
        using (var before = await GetAsync(hub, "/api/v1/me", token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        hubs.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        using var after = await GetAsync(hub, "/api/v1/me", token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private static async Task<HubUser> CreateUserAsync(HubFactory hub, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        return await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = new HubUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Test {role}" };
            var created = await users.CreateAsync(user, "Correct-Horse-42-battery");
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return user;
        });
    }

    private static async Task<(string Token, long Id)> CreateTokenAsync(
        HubFactory hub, HubUser user, bool isAdministrator, string[] scopes, int lifetimeDays = 30)
    {
        var (created, errors) = await hub.WithScopeAsync(sp => sp.GetRequiredService<ApiTokenService>()
            .CreateAsync(user, isAdministrator, $"test {string.Join('+', scopes)}", scopes, lifetimeDays, CancellationToken.None));
        Assert.True(created is not null, string.Join(" ", errors));
        Assert.StartsWith(ApiTokenService.TokenPrefix, created.PlainText, StringComparison.Ordinal);
        return (created.PlainText, created.Token.Id);
    }

    private static Task<HttpResponseMessage> GetAsync(HubFactory hub, string url, string? token) =>
        SendAsync(hub, url, token is null ? null : new AuthenticationHeaderValue("Bearer", token));

    private static async Task<HttpResponseMessage> SendAsync(HubFactory hub, string url, AuthenticationHeaderValue? authorization)
    {
        using var client = hub.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Authorization = authorization;
        return await client.SendAsync(request);
    }
}
