// HubFactory: the real site in-process, on a provider of your choice, with its own data.
//
//   await using var hub = new HubFactory("Postgres");          // or "Sqlite" (the default)
//   hub.WithSetting("Hub:Accounts:MaxFailedAccessAttempts", "3")  // any config key, before first use
//      .WithServices(s => s.AddSingleton<TimeProvider>(clock));   // replace services (ConfigureTestServices)
//   await hub.StartAsync();                                    // starts the host, waits for /readyz
//
//   var client = hub.CreateBrowserClient();                    // keeps cookies, does NOT follow redirects
//   IDocument page = await client.GetDocumentAsync("/account/sign-in");     // AngleSharp document (fails on non-2xx)
//   HubPage any = await client.GetPageAsync("/missing");                    // response + document, any status
//   var response = await client.PostFormAsync("/account/sign-in",           // GETs the page, posts its form in <main>
//       new() { ["Input.Email"] = HubFactory.AdminEmail, ["Input.Password"] = HubFactory.AdminPassword });
//   // ...with the form's own __RequestVerificationToken (real antiforgery), hidden inputs and defaults;
//   // pass formSelector: "form#invite" when a page has several forms, includeAntiforgeryToken: false to test refusal.
//
//   await hub.WithDbAsync(async db => ...);                    // a DI scope's HubDbContext
//   var n = await hub.WithScopeAsync(sp => sp.GetRequiredService<InvitationService>().InviteAsync(...));
//
//   var mail = await MailCatcher.Shared.WaitForMessageToAsync("someone@example.org");  // parsed by Python's email
//
// Each instance gets a temp App_Data folder and, for PostgreSQL, a fresh database on the test.sh
// cluster (dropped on dispose). Mail goes to the test.sh SMTP server (aiosmtpd), the outbox polls
// every 0.2 s, links use Hub:BaseUrl = http://localhost, the setup recipe is
// content-recipes/empty.recipe.json, and the first administrator is AdminEmail / AdminPassword.
// Two factories built on one HubStorage are two nodes (or two starts) of the same site.
// Factories are slow to start (seconds): share one per provider per test class with
// HubFactoryFixture (IClassFixture) when the tests do not need a clean database.
using AngleSharp.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;

namespace ResearchHub.Tests.Infrastructure;

public sealed class HubFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "test-admin@example.org";
    public const string AdminPassword = "Test-Admin-Passw0rd";
    public const string BaseUrl = "http://localhost";

    private readonly bool _ownsStorage;
    private readonly Dictionary<string, string> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> _services = [];
    private bool _built;

    /// <summary>A hub on its own fresh storage ("Sqlite" or "Postgres"), deleted on dispose.</summary>
    public HubFactory(string provider = "Sqlite")
        : this(HubStorage.Create(provider), ownsStorage: true)
    {
    }

    /// <summary>A hub on the given storage (shared with other factories when <paramref name="ownsStorage"/> is false).</summary>
    public HubFactory(HubStorage storage, bool ownsStorage = false)
    {
        Storage = storage;
        _ownsStorage = ownsStorage;

        _settings["Hub:AppData"] = storage.AppData;
        _settings["Hub:Database:Provider"] = storage.Provider;
        if (storage.ConnectionString is not null)
        {
            _settings["Hub:Database:ConnectionString"] = storage.ConnectionString;
        }

        _settings["Hub:Setup:Recipe"] = RecipePath("empty.recipe.json");
        _settings["Hub:Admin:Email"] = AdminEmail;
        _settings["Hub:Admin:Password"] = AdminPassword;
        _settings["Hub:BaseUrl"] = BaseUrl;
        _settings["Hub:Mail:Outbox:PollSeconds"] = "0.2";
        _settings["Hub:Mail:Outbox:RetryBaseSeconds"] = "0.5";
        _settings["Hub:Mail:Outbox:LeaseSeconds"] = "30";
        _settings["Hub:Mail:Smtp:TimeoutSeconds"] = "10";
        if (TestEnvironment.HasSmtp)
        {
            WithSmtp(TestEnvironment.SmtpHost, TestEnvironment.SmtpPort);
        }
        else
        {
            // Tests that read mail ask MailCatcher, which fails naming HUB_TEST_SMTP_*; the rest run anyway.
            WithPickupMail();
        }

        _settings["Logging:LogLevel:Default"] = "Warning";
        _settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";
        _settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning";
    }

    public HubStorage Storage { get; }

    public string Provider => Storage.Provider;

    public string AppData => Storage.AppData;

    /// <summary>
    /// The hub's clock (a <see cref="TestClock"/> a test registered, else the system's): a test that
    /// needs "now" asks it, so what the hub and the test call now is the same instant.
    /// </summary>
    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    /// <summary>A recipe of the repository's content-recipes folder.</summary>
    public static string RecipePath(string fileName) => Path.Combine(TestEnvironment.RepoRoot, "content-recipes", fileName);

    /// <summary>
    /// Sets a configuration key (e.g. "Hub:Mail:Outbox:MaxAttempts"); only before the host starts.
    /// A null value removes the factory's own setting, leaving the app's default.
    /// </summary>
    public HubFactory WithSetting(string key, string? value)
    {
        EnsureNotBuilt();
        if (value is null)
        {
            _settings.Remove(key);
        }
        else
        {
            _settings[key] = value;
        }

        return this;
    }

    /// <summary>Changes services after the app registered its own (ConfigureTestServices).</summary>
    public HubFactory WithServices(Action<IServiceCollection> configure)
    {
        EnsureNotBuilt();
        _services.Add(configure);
        return this;
    }

    public HubFactory WithSmtp(string host, int port) =>
        WithSetting("Hub:Mail:Transport", "Smtp")
            .WithSetting("Hub:Mail:Smtp:Host", host)
            .WithSetting("Hub:Mail:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Mail as .eml files under App_Data/mail.</summary>
    public HubFactory WithPickupMail() => WithSetting("Hub:Mail:Transport", "Pickup");

    /// <summary>Starts the host (migrations, setup recipe, first administrator) and waits until /readyz says ready.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await Task.Run(() => Server, ct);
        using var client = CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync(ct) == "ready";
        }, $"/readyz of the {Provider} hub to say ready", ct: ct);
    }

    /// <summary>
    /// Starts the host on Kestrel at http://127.0.0.1:PORT, a real port that other hubs (and their
    /// System.Net.Http clients) reach over TCP, with Hub:BaseUrl set to that address; waits for /readyz.
    /// Use <see cref="CreateKestrelClient"/> to talk to it (TestServer clients do not apply).
    /// </summary>
    public async Task<Uri> StartOnKestrelAsync(CancellationToken ct = default)
    {
        var port = TestEnvironment.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        WithSetting("Hub:BaseUrl", address.ToString().TrimEnd('/'));
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        await Task.Run(StartServer, ct);
        KestrelAddress = address;
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync(ct) == "ready";
        }, $"/readyz of the {Provider} hub on {address} to say ready", ct: ct);
        return address;
    }

    /// <summary>The address of a hub started with <see cref="StartOnKestrelAsync"/>.</summary>
    public Uri? KestrelAddress { get; private set; }

    /// <summary>A browser-like client (cookies, no redirects followed) of a hub started on Kestrel.</summary>
    public HttpClient CreateKestrelClient()
    {
        var address = KestrelAddress ?? throw new InvalidOperationException("Start the hub with StartOnKestrelAsync first.");
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer(), UseCookies = true };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = address };
    }

    /// <summary>An HttpClient like a browser's: keeps cookies, does not follow redirects (assert them).</summary>
    public HttpClient CreateBrowserClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(BaseUrl),
    });

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<HubDbContext, Task<T>> work) =>
        WithScopeAsync(sp => work(sp.GetRequiredService<HubDbContext>()));

    public Task WithDbAsync(Func<HubDbContext, Task> work) =>
        WithScopeAsync(sp => work(sp.GetRequiredService<HubDbContext>()));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _built = true;

        // Settings, not environment variables: factories run in parallel in one process.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(ApiResponses);
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    /// <summary>Every /api/v1 response this hub sent; checked against its OpenAPI document on dispose.</summary>
    public ApiResponseRecorder ApiResponses { get; } = new();

    /// <summary>
    /// Every /api/v1 response the tests received from this hub, checked against the hub's own
    /// /openapi/v1.json: an undocumented status, media type or body shape fails the test class.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApiResponseProblemsAsync()
    {
        if (ApiResponses.Responses.IsEmpty)
        {
            return [];
        }

        using var client = CreateClient();
        var validator = new OpenApiResponseValidator(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        return [.. ApiResponses.Responses.SelectMany(r => validator.Check(r.Method, r.Route, r.Status, r.MediaType, r.Body)).Distinct()];
    }

    public override async ValueTask DisposeAsync()
    {
        IReadOnlyList<string> problems = [];
        if (_built)
        {
            problems = await ApiResponseProblemsAsync();
        }

        await base.DisposeAsync();
        if (_ownsStorage)
        {
            await Storage.DisposeAsync();
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("API responses that do not match /openapi/v1.json:\n" + string.Join("\n", problems.Take(40)));
        }
    }

    private void EnsureNotBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("Change a HubFactory's settings and services before the host starts.");
        }
    }
}

/// <summary>
/// One started <see cref="HubFactory"/> per provider, created on first use and shared by the tests
/// of one class (<c>IClassFixture&lt;HubFactoryFixture&gt;</c>, then <c>await fixture.GetAsync("Postgres")</c>).
/// </summary>
public class HubFactoryFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<HubFactory>> _factories = [];
    private readonly Lock _gate = new();

    public Task<HubFactory> GetAsync(string provider)
    {
        lock (_gate)
        {
            if (!_factories.TryGetValue(provider, out var factory))
            {
                factory = StartAsync(provider);
                _factories[provider] = factory;
            }

            return factory;
        }
    }

    /// <summary>Override to change the factories (settings, services) before they start.</summary>
    protected virtual void Configure(HubFactory factory)
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories.Values)
        {
            try
            {
                await (await factory).DisposeAsync();
            }
            catch (Exception) when (!factory.IsCompletedSuccessfully)
            {
                // It never started; the test that needed it has already reported why.
            }
        }
    }

    private async Task<HubFactory> StartAsync(string provider)
    {
        var factory = new HubFactory(await HubStorage.CreateAsync(provider), ownsStorage: true);
        try
        {
            Configure(factory);
            await factory.StartAsync();
            return factory;
        }
        catch
        {
            await factory.DisposeAsync(); // drop its database and folder; the test reports the failure
            throw;
        }
    }
}

/// <summary>A response with its body parsed by AngleSharp.</summary>
public sealed record HubPage(HttpResponseMessage Response, IDocument Document, string Html);
