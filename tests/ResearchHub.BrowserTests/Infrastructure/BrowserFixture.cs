// BrowserFixture: the site (HubSite, a child process) and Debian's Chromium driven by Playwright,
// shared by every test in the "Site" collection:
//
//   [Collection(SiteCollection.Name)]
//   public sealed class MyTests(BrowserFixture browser)
//   {
//       [Fact] public async Task X()
//       {
//           var page = await browser.NewPageAsync();          // own context: own cookies; BaseURL = the site
//           await page.GotoAsync("/account/sign-in");
//           var axe = await Axe.RunAsync(page);               // serious/critical violations only
//           Assert.True(axe.Violations.Count == 0, axe.ToString());
//           var mail = await MailCatcher.Shared.WaitForMessageToAsync("new-member@example.org");
//       }
//   }
//
// Chromium is HUB_TEST_CHROMIUM (default /usr/bin/chromium), never a downloaded browser.
using Microsoft.Playwright;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests.Infrastructure;

public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Root may not use Chromium's sandbox; the rest keep it off the network and quiet.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
    ];

    private readonly List<IBrowserContext> _contexts = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HubSite? _site;

    public HubSite Site => _site ?? throw new InvalidOperationException("The site did not start.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium did not start.");

    public static string ChromiumPath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("HUB_TEST_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"Chromium is missing at {path}: {TestEnvironment.RunTestSh}.");
        }
    }

    public async Task InitializeAsync()
    {
        _site = await HubSite.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// A page in a fresh browser context (its own cookies) whose relative URLs go to the site.
    /// BypassCSP lets the axe helper inject its script; the site's CSP forbids inline script.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.BaseUrl.ToString(),
            BypassCSP = true,
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Site";
}
