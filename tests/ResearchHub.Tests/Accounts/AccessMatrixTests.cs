using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// Every admin page (as the admin menu lists them, so pages added later are covered too) and every
/// admin API endpoint, for anonymous visitors, members, each other role and administrators.
/// </summary>
public sealed class AccessMatrixTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    private static readonly string[] AdminApi = ["/api/v1/admin/members", "/api/v1/admin/audit"];

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Admin_pages_refuse_anonymous_visitors_and_members_and_serve_administrators(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var pages = await AdminPagesAsync(hub);
        Assert.Contains("/admin/members", pages);
        Assert.Contains("/admin/organisations", pages);
        Assert.Contains("/admin/invitations", pages);
        Assert.Contains("/admin/audit", pages);
        Assert.Contains("/admin/mail", pages);

        var anonymous = hub.CreateBrowserClient();
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var memberClient = await SignedInClientAsync(hub, member.Email!, Password);
        var editor = await CreateMemberAsync(hub, HubRoles.PartnerEditor);
        var editorClient = await SignedInClientAsync(hub, editor.Email!, Password);
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        foreach (var page in pages)
        {
            using var anon = await anonymous.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(anon.StatusCode == HttpStatusCode.Redirect, $"{page} for anonymous: {anon.StatusCode}");
            Assert.StartsWith("/account/sign-in", anon.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

            foreach (var (who, client) in new[] { ("member", memberClient), ("partner editor", editorClient) })
            {
                using var refused = await client.GetAsync(new Uri(page, UriKind.Relative));
                Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"{page} for {who}: {refused.StatusCode}");
                Assert.StartsWith("/account/access-denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }

            var served = await admin.GetDocumentAsync(page);
            Assert.False(string.IsNullOrWhiteSpace(served.QuerySelector("h1")?.TextContent), $"{page} has no heading");
        }

        var denied = await memberClient.GetPageAsync("/account/access-denied");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Response.StatusCode);
        Assert.Equal("You cannot see this page", denied.Document.QuerySelector("h1")?.TextContent.Trim());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_cannot_post_an_admin_form_even_with_a_valid_antiforgery_token(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);
        var token = (await client.GetDocumentAsync("/account/profile"))
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await client.PostAsync(
            new Uri($"/admin/members?handler=Role&id={member.Id}", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["role"] = HubRoles.Administrator }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var roles = await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            return await users.GetRolesAsync((await users.FindByIdAsync(member.Id))!);
        });
        Assert.Equal([HubRoles.Member], roles);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_admin_api_refuses_anonymous_callers_members_and_cookie_sessions(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var memberToken = await TokenAsync(hub, member, isAdministrator: false, [ApiScopes.Read, ApiScopes.Write]);
        var admin = await hub.WithScopeAsync(sp => sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));
        var adminReadToken = await TokenAsync(hub, admin!, isAdministrator: true, [ApiScopes.Read]);
        var adminToken = await TokenAsync(hub, admin!, isAdministrator: true, [ApiScopes.Admin]);
        var adminCookies = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        foreach (var url in AdminApi)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync(hub, url, null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await CallAsync(hub, url, memberToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await CallAsync(hub, url, adminReadToken)).StatusCode);
            // A browser session is not an API credential: no cross-site request can use it.
            using var cookie = await adminCookies.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);

            using var ok = await CallAsync(hub, url, adminToken);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("application/json", ok.Content.Headers.ContentType?.MediaType);
        }

        var listed = new StringBuilder();
        for (string? url = "/api/v1/admin/members?pageSize=100"; url is not null;)
        {
            using var members = await CallAsync(hub, url, adminToken);
            using var json = System.Text.Json.JsonDocument.Parse(await members.Content.ReadAsStringAsync());
            listed.Append(json.RootElement.GetProperty("items").GetRawText());
            url = json.RootElement.GetProperty("links").GetProperty("next").GetString() is { } next ? new Uri(next).PathAndQuery : null;
        }

        Assert.Contains(member.Email!, listed.ToString(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> AdminPagesAsync(HubFactory hub) =>
        await hub.WithScopeAsync(async sp =>
        {
            var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, HubRoles.Administrator)], "test"));
            var items = await sp.GetRequiredService<NavigationService>().ForAsync(NavMenu.Admin, admin);
            return items.Select(i => i.Url).ToList();
        });

    private static Task<string> TokenAsync(HubFactory hub, HubUser user, bool isAdministrator, string[] scopes) =>
        hub.WithScopeAsync(async sp =>
        {
            var (token, errors) = await sp.GetRequiredService<ApiTokenService>()
                .CreateAsync(user, isAdministrator, "matrix", scopes, 30, CancellationToken.None);
            Assert.True(token is not null, string.Join(" ", errors));
            return token!.PlainText;
        });

    private static async Task<HttpResponseMessage> CallAsync(HubFactory hub, string url, string? token)
    {
        var client = hub.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }
}
