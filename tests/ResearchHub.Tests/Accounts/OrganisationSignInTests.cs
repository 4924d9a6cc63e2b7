using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// "Sign in with your organisation" between two running hubs on both providers (hub A the
/// organisation's OpenID Connect provider over real HTTP, hub B connected to it): a first sign-in
/// makes a member of the organisation, the next one signs the same member in; an address outside the
/// vouched domains, or one the provider does not call verified, is refused with the reason and no
/// account; an existing account is linked only after its password is confirmed; and an organisation
/// that requires its provider has its members' password sign-in refused (administrators excepted).
/// </summary>
public sealed class OrganisationSignInTests(OrganisationSignInHubs hubs) : IClassFixture<OrganisationSignInHubs>
{
    private const string SignInForm = $"form[action='/account/sign-in/organisation/{OrganisationSignInHubs.Key}']";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_first_sign_in_makes_a_member_of_the_organisation_and_the_next_signs_the_same_member_in(string provider)
    {
        var (providerHub, hub, organisation, issuer) = await hubs.GetAsync(provider);
        var email = $"first-{Guid.NewGuid():N}@{OrganisationSignInHubs.Domain}";
        var person = await CreateMemberAsync(providerHub, HubRoles.Member, email);
        using var atProvider = await SignedInAtProviderAsync(providerHub, email);

        // The sign-in page offers the organisation's button.
        using var browser = hub.CreateBrowserClient();
        var page = await browser.GetDocumentAsync("/account/sign-in");
        Assert.Equal("Sign in with University A", page.QuerySelector($"#sign-in-with-{OrganisationSignInHubs.Key}")!.TextContent.Trim());

        using (var back = await SignInWithOrganisationAsync(browser, atProvider))
        {
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
            // On failure, the latest audit rows say why the hub refused.
            var latest = string.Join("\n", await hub.WithDbAsync(db => db.Set<AuditEntry>().OrderByDescending(a => a.Id).Take(3).Select(a => a.Action + " " + a.Target + " " + a.Detail).ToListAsync()));
            Assert.True("/" == back.Headers.Location!.OriginalString, latest);
        }

        var profile = await browser.GetDocumentAsync("/account/profile");
        Assert.Contains(email, profile.QuerySelector("main")!.TextContent, StringComparison.OrdinalIgnoreCase);

        var created = await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            return (User: user, Roles: await users.GetRolesAsync(user), Logins: await users.GetLoginsAsync(user), HasPassword: await users.HasPasswordAsync(user));
        });
        Assert.Equal(organisation.Id, created.User.OrganisationId);
        Assert.Equal([HubRoles.Member], created.Roles);
        Assert.False(created.HasPassword);
        var login = Assert.Single(created.Logins);
        Assert.Equal(issuer, login.LoginProvider);
        Assert.Equal(person.Id, login.ProviderKey); // hub A's subject is its member id

        // Signed out, the member signs in again: the same account, no second one.
        using (var again = hub.CreateBrowserClient())
        {
            using var back = await SignInWithOrganisationAsync(again, atProvider);
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
            Assert.Equal("/", back.Headers.Location!.OriginalString);
            Assert.Contains(email, (await again.GetDocumentAsync("/account/profile")).QuerySelector("main")!.TextContent, StringComparison.OrdinalIgnoreCase);
        }

        var (accounts, logins, audit) = await hub.WithDbAsync(async db => (
            await db.Set<HubUser>().CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant()),
            await db.Set<IdentityUserLogin<string>>().CountAsync(l => l.UserId == created.User.Id),
            await db.Set<AuditEntry>().Where(a => a.ActorId == created.User.Id).OrderBy(a => a.Id).Select(a => new { a.Action, a.Detail }).ToListAsync()));
        Assert.Equal(1, accounts);
        Assert.Equal(1, logins);
        Assert.Equal([AuditActions.OrganisationMemberCreated, AuditActions.SignIn, AuditActions.SignIn], audit.Select(a => a.Action));
        Assert.All(audit.Skip(1), a => Assert.Contains("with University A", a.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_address_outside_the_vouched_domains_or_not_verified_is_refused_with_no_account(string provider)
    {
        var (providerHub, hub, _, _) = await hubs.GetAsync(provider);

        var outsider = $"outsider-{Guid.NewGuid():N}@elsewhere.example";
        await CreateMemberAsync(providerHub, HubRoles.Member, outsider);
        using (var atProvider = await SignedInAtProviderAsync(providerHub, outsider))
        {
            using var browser = hub.CreateBrowserClient();
            using var back = await SignInWithOrganisationAsync(browser, atProvider);
            var problem = await ProblemShownAsync(browser, back);
            Assert.Contains($"{outsider} is not an address University A vouches for on this hub (only @{OrganisationSignInHubs.Domain})", problem, StringComparison.Ordinal);
            Assert.False(await SignedInAsync(browser));
        }

        // In the domain, but the provider does not say the address is verified.
        var unverified = $"unverified-{Guid.NewGuid():N}@{OrganisationSignInHubs.Domain}";
        var person = await CreateMemberAsync(providerHub, HubRoles.Member, unverified);
        await providerHub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = (await users.FindByIdAsync(person.Id))!;
            user.EmailConfirmed = false;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        });
        using (var atProvider = await SignedInAtProviderAsync(providerHub, unverified))
        {
            using var browser = hub.CreateBrowserClient();
            using var back = await SignInWithOrganisationAsync(browser, atProvider);
            Assert.Contains("University A did not confirm a verified e-mail address for you", await ProblemShownAsync(browser, back), StringComparison.Ordinal);
            Assert.False(await SignedInAsync(browser));
        }

        var (accounts, refusals) = await hub.WithDbAsync(async db => (
            await db.Set<HubUser>().CountAsync(u => u.NormalizedEmail == outsider.ToUpperInvariant() || u.NormalizedEmail == unverified.ToUpperInvariant()),
            await db.Set<AuditEntry>().CountAsync(a => a.Action == AuditActions.SignInFailed && (a.Target == outsider || a.Target == unverified))));
        Assert.Equal(0, accounts);
        Assert.Equal(2, refusals);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_existing_account_is_linked_only_after_its_password_is_confirmed(string provider)
    {
        var (providerHub, hub, _, issuer) = await hubs.GetAsync(provider);
        var email = $"existing-{Guid.NewGuid():N}@{OrganisationSignInHubs.Domain}";
        var local = await CreateMemberAsync(hub, HubRoles.Organiser, email);
        var person = await CreateMemberAsync(providerHub, HubRoles.Member, email);
        using var atProvider = await SignedInAtProviderAsync(providerHub, email);

        using var browser = hub.CreateBrowserClient();
        using (var back = await SignInWithOrganisationAsync(browser, atProvider))
        {
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
            Assert.Equal("/account/sign-in/link", back.Headers.Location!.OriginalString);
        }

        Assert.False(await SignedInAsync(browser));
        var link = await browser.GetDocumentAsync("/account/sign-in/link");
        Assert.Equal(email, link.QuerySelector("#link-email")!.TextContent);
        Assert.Empty(await LoginsAsync(hub, local.Id));

        using (var wrong = await browser.PostFormAsync("/account/sign-in/link", new Dictionary<string, string> { ["Password"] = "Not-the-password-1" }, formSelector: "form#link"))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("The password is not right.", await ErrorSummaryAsync(wrong), StringComparison.Ordinal);
        }

        Assert.Empty(await LoginsAsync(hub, local.Id));
        Assert.False(await SignedInAsync(browser));

        using (var confirmed = await browser.PostFormAsync("/account/sign-in/link", new Dictionary<string, string> { ["Password"] = Password }, formSelector: "form#link"))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.Equal("/", confirmed.Headers.Location!.OriginalString);
        }

        Assert.True(await SignedInAsync(browser));
        var login = Assert.Single(await LoginsAsync(hub, local.Id));
        Assert.Equal((issuer, person.Id), (login.LoginProvider, login.ProviderKey));

        // Linked: the next sign-in goes straight in, as the same member with their own role and organisation.
        using (var again = hub.CreateBrowserClient())
        {
            using var back = await SignInWithOrganisationAsync(again, atProvider);
            Assert.Equal("/", back.Headers.Location!.OriginalString);
        }

        var (user, roles, actions) = await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = (await users.FindByIdAsync(local.Id))!;
            var db = sp.GetRequiredService<ResearchHub.Core.Data.HubDbContext>();
            var actions = await db.Set<AuditEntry>().Where(a => a.ActorId == local.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
            return (user, await users.GetRolesAsync(user), actions);
        });
        Assert.Null(user.OrganisationId);
        Assert.Equal([HubRoles.Organiser], roles);
        Assert.Equal([AuditActions.SignInFailed, AuditActions.OrganisationLoginLinked, AuditActions.SignIn, AuditActions.SignIn], actions);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_organisation_that_requires_its_provider_has_its_members_password_sign_in_refused(string provider)
    {
        var (_, hub, organisation, _) = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member, $"required-{Guid.NewGuid():N}@{OrganisationSignInHubs.Domain}", organisation.Id);
        var administrator = await CreateMemberAsync(hub, HubRoles.Administrator, $"required-admin-{Guid.NewGuid():N}@{OrganisationSignInHubs.Domain}", organisation.Id);

        var admin = await Library.LibraryTestHelpers.SignInAdminAsync(hub);
        var change = await admin.GetDocumentAsync($"/admin/organisation-sign-in?organisation={organisation.Id}");
        Assert.Equal("", change.QuerySelector("#Input_ClientSecret")!.GetAttribute("value") ?? "");
        Assert.DoesNotContain(OrganisationSignInHubs.ClientSecret, change.DocumentElement.OuterHtml, StringComparison.Ordinal);
        await SetRequiredAsync(admin, organisation.Id, true);
        try
        {
            using (var refused = await PostSignInAsync(hub.CreateBrowserClient(), member.Email!, Password))
            {
                Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
                Assert.Contains("University A asks its members to sign in with University A's own sign-in, not a hub password: use the \"Sign in with University A\" button below.",
                    await ErrorSummaryAsync(refused), StringComparison.Ordinal);
            }

            // A wrong password gets the answer anyone gets: the requirement is not told to whoever does not hold the password.
            using (var wrong = await PostSignInAsync(hub.CreateBrowserClient(), member.Email!, "Not-the-password-1"))
            {
                var summary = await ErrorSummaryAsync(wrong);
                Assert.Contains("The email address or password is not right.", summary, StringComparison.Ordinal);
                Assert.DoesNotContain("University A", summary, StringComparison.Ordinal);
            }

            // Administrators of the organisation keep their password, so nobody is locked out.
            _ = await SignedInClientAsync(hub, administrator.Email!, Password);
        }
        finally
        {
            await SetRequiredAsync(admin, organisation.Id, false);
        }

        // Not required any more: the member's password works again.
        _ = await SignedInClientAsync(hub, member.Email!, Password);
    }

    private static async Task SetRequiredAsync(HttpClient admin, long organisationId, bool required)
    {
        // The form as it stands (issuer, client id, domains; the secret left empty, so kept), with the box set.
        var fields = new Dictionary<string, string> { ["Input.RequiredForMembers"] = required ? "true" : "false" };
        using var saved = await admin.PostFormAsync($"/admin/organisation-sign-in?organisation={organisationId}", fields, formSelector: "form#connect");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    /// <summary>A client of hub A (the provider) signed in as <paramref name="email"/>.</summary>
    private static async Task<HttpClient> SignedInAtProviderAsync(HubFactory providerHub, string email)
    {
        var client = providerHub.CreateKestrelClient();
        using var response = await PostSignInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>
    /// Presses "Sign in with University A" on hub B, follows the redirect to hub A's authorization
    /// endpoint (consenting the first time), and brings hub A's answer back to hub B's callback.
    /// Returns hub B's answer to the callback.
    /// </summary>
    private static async Task<HttpResponseMessage> SignInWithOrganisationAsync(HttpClient browser, HttpClient atProvider)
    {
        using var challenge = await browser.PostFormAsync("/account/sign-in", new Dictionary<string, string>(), formSelector: SignInForm);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal(atProvider.BaseAddress!.Authority, authorize.Authority);

        using var answer = await atProvider.GetAsync(authorize);
        Uri callback;
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            using var consented = await atProvider.PostFormAsync(authorize.PathAndQuery, new Dictionary<string, string>(), formSelector: "form#consent");
            Assert.Equal(HttpStatusCode.Redirect, consented.StatusCode);
            callback = consented.Headers.Location!;
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            callback = answer.Headers.Location!;
        }

        Assert.StartsWith($"{HubFactory.BaseUrl}/account/sign-in/organisation/{OrganisationSignInHubs.Key}/callback?", callback.AbsoluteUri, StringComparison.Ordinal);
        return await browser.GetAsync(callback);
    }

    /// <summary>Follows a refusal back to the sign-in page and returns the problem it shows.</summary>
    private static async Task<string> ProblemShownAsync(HttpClient browser, HttpResponseMessage back)
    {
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/account/sign-in", back.Headers.Location!.OriginalString);
        var page = await browser.GetDocumentAsync("/account/sign-in");
        return page.QuerySelector("[role=alert]")?.TextContent ?? "";
    }

    private static async Task<bool> SignedInAsync(HttpClient browser)
    {
        using var profile = await browser.GetAsync(new Uri("/account/profile", UriKind.Relative));
        return profile.StatusCode == HttpStatusCode.OK;
    }

    private static Task<IList<UserLoginInfo>> LoginsAsync(HubFactory hub, string userId) =>
        hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            return await users.GetLoginsAsync((await users.FindByIdAsync(userId))!);
        });
}
