using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// Passkeys through the real pages with a software authenticator: adding, listing, signing in
/// (a session, the audit log, no second step), removing; and the refusals: garbled or forged
/// credentials, replays, another member's credential, a locked account. A refusal is a page with a
/// reason (never a 500) and changes nothing.
/// </summary>
public sealed class PasskeyTests(AccountHubs hubs) : IClassFixture<AccountHubs>
{
    private const string NotAccepted = "That passkey was not accepted";
    private const string StartAgain = "has expired or was already used";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_member_adds_a_passkey_signs_in_with_it_alone_and_removes_it(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        using var authenticator = new SoftAuthenticator();
        var client = await PasskeyClientAsync(hub, member.Email!);

        using (var added = await AddPasskeyAsync(client, authenticator, "Work laptop"))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var list = await client.GetDocumentAsync("/account/passkeys");
        Assert.Contains("Work laptop", list.QuerySelector("#passkey-list")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 passkey", (await client.GetDocumentAsync("/account/profile")).QuerySelector("#passkey-count")!.TextContent, StringComparison.Ordinal);
        var stored = await PasskeysOfAsync(hub, member.Id);
        Assert.Equal("Work laptop", Assert.Single(stored).Name);

        // Another browser signs in with the passkey alone: no address, no password, no second step.
        var browser = NewClient(hub);
        var sessionsBefore = await SessionCountAsync(hub, member.Id);
        var credential = authenticator.Get(await RequestOptionsAsync(browser));
        using (var signedIn = await PostPasskeySignInAsync(browser, credential, returnUrl: "/account/profile"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/account/profile", signedIn.Headers.Location?.OriginalString);
        }

        Assert.Contains(member.Email!, (await browser.GetDocumentAsync("/account/profile")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(sessionsBefore + 1, await SessionCountAsync(hub, member.Id));
        var entry = await hub.WithDbAsync(db => db.Set<AuditEntry>()
            .Where(a => a.Action == AuditActions.SignIn && a.ActorId == member.Id && a.Detail!.Contains("passkey")).SingleAsync());
        Assert.Contains("Work laptop", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(authenticator.SignCount, Assert.Single(await PasskeysOfAsync(hub, member.Id)).SignCount);

        // The same assertion posted again is refused: its challenge was spent with the first.
        var replayer = NewClient(hub);
        using (var replay = await PostPasskeySignInAsync(replayer, credential))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Contains(StartAgain, await ErrorSummaryAsync(replay), StringComparison.Ordinal);
        }

        // ...and with a fresh challenge the old assertion does not match it.
        await RequestOptionsAsync(replayer);
        using (var replay = await PostPasskeySignInAsync(replayer, credential))
        {
            Assert.Contains(NotAccepted, await ErrorSummaryAsync(replay), StringComparison.Ordinal);
        }

        Assert.False(await IsSignedInAsync(replayer));
        Assert.Equal(sessionsBefore + 1, await SessionCountAsync(hub, member.Id));

        // Removed, the passkey no longer signs in.
        using (var removed = await client.PostFormAsync("/account/passkeys", "#passkey-list form", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.Empty(await PasskeysOfAsync(hub, member.Id));
        Assert.NotNull((await client.GetDocumentAsync("/account/passkeys")).QuerySelector("#no-passkeys"));
        var late = NewClient(hub);
        using (var refused = await PostPasskeySignInAsync(late, authenticator.Get(await RequestOptionsAsync(late))))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(NotAccepted, await ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        Assert.False(await IsSignedInAsync(late));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Garbled_or_forged_credentials_are_refused_with_a_reason_and_change_nothing(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        using var authenticator = new SoftAuthenticator();
        var client = await PasskeyClientAsync(hub, member.Email!);

        // Adding: garbage, an empty object, a credential made for another site, no ceremony under way.
        foreach (var json in new[] { "{not json", "{}", "[1,2,3]", new string('x', 40_000) })
        {
            var options = await CreationOptionsAsync(client);
            Assert.Contains("\"challenge\"", options, StringComparison.Ordinal);
            using var refused = await PostAddAsync(client, "Garbled", json);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.NotEmpty(await ErrorSummaryAsync(refused));
        }

        var elsewhere = authenticator.Create(await CreationOptionsAsync(client), origin: "https://evil.example");
        using (var refused = await PostAddAsync(client, "Elsewhere", elsewhere))
        {
            Assert.Contains("could not be checked", await ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        // A credential for options whose ceremony was spent (by a garbled post) is refused as stale.
        var spent = await CreationOptionsAsync(client);
        using (var garbled = await PostAddAsync(client, "Garbled", "{}"))
        {
            Assert.Equal(HttpStatusCode.OK, garbled.StatusCode);
        }

        using (var noCeremony = await PostAddAsync(client, "No ceremony", authenticator.Create(spent)))
        {
            Assert.Equal(HttpStatusCode.OK, noCeremony.StatusCode);
            Assert.Contains(StartAgain, await ErrorSummaryAsync(noCeremony), StringComparison.Ordinal);
        }

        Assert.Empty(await PasskeysOfAsync(hub, member.Id));

        // Signing in: garbage, a forged signature, a credential nobody registered, no ceremony under way.
        var browser = NewClient(hub);
        foreach (var json in new[] { "{not json", "{}", "\"text\"", "" })
        {
            await RequestOptionsAsync(browser);
            using var refused = await PostPasskeySignInAsync(browser, json);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.NotEmpty(await ErrorSummaryAsync(refused));
        }

        using (var unknown = await PostPasskeySignInAsync(browser, authenticator.Get(await RequestOptionsAsync(browser))))
        {
            Assert.Contains(NotAccepted, await ErrorSummaryAsync(unknown), StringComparison.Ordinal);
        }

        using (var added = await AddPasskeyAsync(client, authenticator, "Phone"))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var forged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(authenticator.Get(await RequestOptionsAsync(browser)))!;
        var response = JsonSerializer.Deserialize<Dictionary<string, string>>(forged["response"].GetRawText())!;
        var signature = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(response["signature"]);
        signature[^1] ^= 0x01;
        response["signature"] = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(signature);
        forged["response"] = JsonSerializer.SerializeToElement(response);
        using (var refused = await PostPasskeySignInAsync(browser, JsonSerializer.Serialize(forged)))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(NotAccepted, await ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        using (var noCeremony = await PostPasskeySignInAsync(NewClient(hub), authenticator.Get(await RequestOptionsAsync(NewClient(hub)))))
        {
            Assert.Contains(StartAgain, await ErrorSummaryAsync(noCeremony), StringComparison.Ordinal);
        }

        Assert.False(await IsSignedInAsync(browser));
        Assert.Equal(0, await hub.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.Action == AuditActions.SignIn && a.ActorId == member.Id && a.Detail!.Contains("passkey"))));
        Assert.True(await hub.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(a => a.Action == AuditActions.SignInFailed && a.Detail!.StartsWith("passkey"))));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Another_members_passkey_can_be_neither_removed_nor_added_nor_used_on_a_locked_account(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateMemberAsync(hub, HubRoles.Member);
        var other = await CreateMemberAsync(hub, HubRoles.Member);
        using var authenticator = new SoftAuthenticator();
        var ownerClient = await PasskeyClientAsync(hub, owner.Email!);
        using (var added = await AddPasskeyAsync(ownerClient, authenticator, "Owner's key"))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        // The other member posts the owner's passkey id to their own remove form.
        var otherClient = await PasskeyClientAsync(hub, other.Email!);
        using (var refused = await PostRemoveAsync(otherClient, authenticator.Id))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("not in your list", await ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        foreach (var id in new[] { "", "!!not-base64!!", new string('A', 5000) })
        {
            using var refused = await PostRemoveAsync(otherClient, id);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        // The same credential registered again, for the other member, is refused.
        var ownerHandle = authenticator.UserHandle;
        using (var refused = await PostAddAsync(otherClient, "Stolen", authenticator.Create(await CreationOptionsAsync(otherClient))))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            // (Identity itself refuses a credential id it already holds; either way the reason says it was not added.)
            Assert.Contains("not added", await ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        Assert.Single(await PasskeysOfAsync(hub, owner.Id));
        Assert.Empty(await PasskeysOfAsync(hub, other.Id));
        // The owner's credential presented as the other member's (their user handle) does not sign in.
        var impostor = NewClient(hub);
        using (var refused = await PostPasskeySignInAsync(impostor, authenticator.Get(await RequestOptionsAsync(impostor))))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(NotAccepted, await ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        Assert.False(await IsSignedInAsync(impostor));
        authenticator.UserHandle = ownerHandle; // (creating for the other member made the authenticator take their handle)

        // Two-step sign-in on: the passkey is enough. Locked: refused like a password.
        await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = (await users.FindByIdAsync(owner.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            return 0;
        });
        var browser = NewClient(hub);
        using (var signedIn = await PostPasskeySignInAsync(browser, authenticator.Get(await RequestOptionsAsync(browser))))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        }

        Assert.True(await IsSignedInAsync(browser));

        await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            return await users.SetLockoutEndDateAsync((await users.FindByIdAsync(owner.Id))!, DateTimeOffset.MaxValue);
        });
        var locked = NewClient(hub);
        using (var refused = await PostPasskeySignInAsync(locked, authenticator.Get(await RequestOptionsAsync(locked))))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("locked", await ErrorSummaryAsync(refused), StringComparison.Ordinal);
        }

        Assert.False(await IsSignedInAsync(locked));
    }

    private static HttpClient NewClient(HubFactory hub)
    {
        var client = hub.CreateBrowserClient();
        // Browsers send Origin with a POST; Identity checks the credential's origin against it.
        client.DefaultRequestHeaders.Add("Origin", SoftAuthenticator.Origin);
        return client;
    }

    /// <summary>A remove form as a forger would post it: any id, with the member's own antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostRemoveAsync(HttpClient client, string id)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = id,
            [HubClientExtensions.AntiforgeryField] = await TokenAsync(client, "/account/passkeys"),
        });
        return await client.PostAsync(new Uri("/account/passkeys?handler=Remove", UriKind.Relative), content);
    }

    private static async Task<HttpClient> PasskeyClientAsync(HubFactory hub, string email)
    {
        var client = NewClient(hub);
        using var response = await PostSignInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<string> TokenAsync(HttpClient client, string page, string form = "main form[method=post]")
    {
        var document = await client.GetDocumentAsync(page);
        return document.QuerySelector(form)!.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>($"input[name={HubClientExtensions.AntiforgeryField}]")!.Value;
    }

    /// <summary>What passkeys.js does first: POST for the options with the form's antiforgery token.</summary>
    private static async Task<string> OptionsAsync(HttpClient client, string page, string form, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("RequestVerificationToken", await TokenAsync(client, page, form));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<string> CreationOptionsAsync(HttpClient client) =>
        OptionsAsync(client, "/account/passkeys", "form[data-passkey=create]", "/account/passkeys?handler=Options");

    private static Task<string> RequestOptionsAsync(HttpClient client) =>
        OptionsAsync(client, "/account/sign-in", "form[data-passkey=get]", "/account/sign-in/passkey?handler=Options");

    private static async Task<HttpResponseMessage> AddPasskeyAsync(HttpClient client, SoftAuthenticator authenticator, string name) =>
        await PostAddAsync(client, name, authenticator.Create(await CreationOptionsAsync(client)));

    private static Task<HttpResponseMessage> PostAddAsync(HttpClient client, string name, string credentialJson) =>
        client.PostFormAsync("/account/passkeys", "form[data-passkey=create]", new Dictionary<string, string> { ["Name"] = name, ["CredentialJson"] = credentialJson });

    private static Task<HttpResponseMessage> PostPasskeySignInAsync(HttpClient client, string credentialJson, string? returnUrl = null) =>
        client.PostFormAsync("/account/sign-in/passkey" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)),
            "main form[data-passkey=get]", new Dictionary<string, string> { ["CredentialJson"] = credentialJson });

    private static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/account/profile", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static Task<List<IdentityPasskeyData>> PasskeysOfAsync(HubFactory hub, string userId) =>
        hub.WithDbAsync(async db => (await db.Set<IdentityUserPasskey<string>>().AsNoTracking().Where(p => p.UserId == userId).ToListAsync())
            .Select(p => p.Data).ToList());

    private static Task<int> SessionCountAsync(HubFactory hub, string userId) =>
        hub.WithDbAsync(db => db.Set<MemberSession>().CountAsync(s => s.UserId == userId));
}
