using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Accounts;

/// <summary>Members made directly through Identity, and sign-in through the real sign-in form.</summary>
internal static class AccountTestHelpers
{
    public const string Password = "Member-Passw0rd-1";

    public static string UniqueEmail(string who = "member") => $"{who}-{Guid.NewGuid():N}@example.org";

    public static Task<HubUser> CreateMemberAsync(HubFactory hub, string role, string? email = null, long? organisationId = null) =>
        hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = new HubUser
            {
                UserName = email ?? UniqueEmail(role.ToLowerInvariant()),
                Email = email ?? UniqueEmail(role.ToLowerInvariant()),
                EmailConfirmed = true,
                DisplayName = $"Test {role}",
                OrganisationId = organisationId,
            };
            user.UserName = user.Email;
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return user;
        });

    /// <summary>
    /// Posts the page's first POST form inside &lt;main&gt; (signed-in pages also carry the header's
    /// sign-out form), as a browser would, with its antiforgery token.
    /// </summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string selector, Dictionary<string, string> fields) =>
        client.PostFormAsync(pageUrl, fields, formSelector: selector);

    public const string MainForm = "main form[method=post]";

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, string page = "/account/sign-in") =>
        await client.PostFormAsync(page, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>Signs in and asserts it worked (a redirect away from the sign-in page).</summary>
    public static async Task<HttpClient> SignedInClientAsync(HubFactory hub, string email, string password)
    {
        var client = hub.CreateBrowserClient();
        using var response = await PostSignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>The text of the page's error summary (empty when there is none).</summary>
    public static async Task<string> ErrorSummaryAsync(HttpResponseMessage response)
    {
        var page = await response.ReadPageAsync();
        return page.Document.QuerySelector("[role=alert]")?.TextContent ?? "";
    }
}
