using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Api;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// Two hubs per database provider for "Sign in with your organisation": hub A, the organisation's
/// OpenID Connect provider, on Kestrel at a real port (http://127.0.0.1:PORT), with a confidential
/// client registered for hub B; and hub B (http://localhost), whose organisation "University A" an
/// administrator connects to hub A on the admin page after hub B has started (and built its
/// OpenIddict client once), vouching for uni-a.example.
/// </summary>
public sealed class OrganisationSignInHubs : IAsyncLifetime
{
    public const string Key = "university-a";
    public const string ClientId = "hub-b";
    public const string ClientSecret = "hub-b-client-secret-for-tests";
    public const string Domain = "uni-a.example";
    public const string OrganisationName = "University A";

    private readonly Dictionary<string, Task<Pair>> _pairs = [];
    private readonly List<HubFactory> _started = [];
    private readonly Lock _gate = new();

    /// <summary>Hub A (the provider), hub B (connected to it) and hub B's connected organisation.</summary>
    public sealed record Pair(HubFactory ProviderHub, HubFactory Hub, Organisation Organisation, string Issuer);

    public Task<Pair> GetAsync(string provider)
    {
        lock (_gate)
        {
            if (!_pairs.TryGetValue(provider, out var pair))
            {
                pair = StartAsync(provider);
                _pairs[provider] = pair;
            }

            return pair;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var hub in _started)
        {
            await hub.DisposeAsync();
        }
    }

    private async Task<Pair> StartAsync(string provider)
    {
        var providerHub = new HubFactory(await HubStorage.CreateAsync(provider), ownsStorage: true)
            .WithSetting("Hub:RateLimits:SignInPerMinute", "1000");
        Track(providerHub);
        var issuer = (await providerHub.StartOnKestrelAsync()).ToString();

        var hub = new HubFactory(await HubStorage.CreateAsync(provider), ownsStorage: true)
            .WithSetting("Hub:RateLimits:SignInPerMinute", "1000");
        Track(hub);
        await hub.StartAsync();

        // Hub B has served its sign-in page (its OpenIddict client built, no organisation connected)
        // before the connection exists: the connection must take effect without a restart.
        using (var visitor = hub.CreateBrowserClient())
        {
            Assert.Null((await visitor.GetDocumentAsync("/account/sign-in")).QuerySelector("#organisation-sign-in"));
        }

        var redirectUri = $"{HubFactory.BaseUrl}/account/sign-in/organisation/{Key}/callback";
        await providerHub.WithScopeAsync(async sp =>
        {
            var (_, errors) = await sp.GetRequiredService<OpenIdClientService>().CreateAsync(
                new OpenIdClientInput(ClientId, "Hub B", true, [redirectUri], [AccountsApiScopes.Read], true, false, null, ClientSecret), CancellationToken.None);
            Assert.Empty(errors);
        });

        var organisation = await CreateOrganisationAsync(hub, OrganisationName);
        var admin = await SignInAdminAsync(hub);
        using (var connected = await admin.PostFormAsync("/admin/organisation-sign-in", new Dictionary<string, string>
        {
            ["Input.OrganisationId"] = organisation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Key"] = Key,
            ["Input.Issuer"] = issuer,
            ["Input.ClientId"] = ClientId,
            ["Input.ClientSecret"] = ClientSecret,
            ["Input.EmailDomains"] = Domain,
        }, formSelector: "form#connect"))
        {
            Assert.Equal(HttpStatusCode.Redirect, connected.StatusCode);
        }

        return new Pair(providerHub, hub, organisation, issuer);
    }

    private void Track(HubFactory hub)
    {
        lock (_gate)
        {
            _started.Add(hub);
        }
    }
}
