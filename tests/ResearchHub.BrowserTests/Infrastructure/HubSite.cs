using System.Diagnostics;
using System.Text;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.BrowserTests.Infrastructure;

/// <summary>
/// The real site as an operator runs it: <c>dotnet ResearchHub.Web.dll --urls http://127.0.0.1:PORT</c>
/// in a child process, configured by environment variables (its own temp App_Data, SQLite, mail to
/// the test.sh SMTP server, a known administrator, the demo recipe), ready once /readyz says so.
/// </summary>
public sealed class HubSite : IAsyncDisposable
{
    public const string AdminEmail = "browser-admin@example.org";
    public const string AdminPassword = "Browser-Admin-Passw0rd";

    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private HubSite(Process process, Uri baseUrl, string appData, string recipe, bool readsInbound)
    {
        ReadsInbound = readsInbound;
        _process = process;
        BaseUrl = baseUrl;
        AppData = appData;
        Recipe = recipe;
    }

    public Uri BaseUrl { get; }

    /// <summary>Whether this site reads <see cref="InboundMailbox"/> (the shared site only).</summary>
    public bool ReadsInbound { get; }

    /// <summary>The groups' email address pattern the site is configured with (replies come back to the inbound mailbox).</summary>
    public const string GroupAddress = "lac-research+{group}@network.example";

    /// <summary>
    /// The site's inbound mailbox on the test.sh IMAP server (dovecot: any user name logs in, so the
    /// site has a fresh one); the site reads it every second. A test appends mail to it over IMAP.
    /// </summary>
    public static string InboundMailbox { get; } = $"browser-site-{Guid.NewGuid():N}";

    public string AppData { get; }

    /// <summary>The setup recipe applied on first run.</summary>
    public string Recipe { get; }

    /// <summary>What the site printed so far (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The demo LAC network recipe when the repository has it, else the empty site.</summary>
    public static string DefaultRecipe()
    {
        var folder = Path.Combine(TestEnvironment.RepoRoot, "content-recipes");
        var demo = Path.Combine(folder, "lac-research-network.recipe.json");
        return File.Exists(demo) ? demo : Path.Combine(folder, "empty.recipe.json");
    }

    public static Task<HubSite> StartAsync(CancellationToken ct = default) => StartAsync("127.0.0.1", DefaultRecipe(), readsInbound: true, ct);

    /// <summary>
    /// A site whose address is http://HOST:PORT (a second site browsed as "localhost" keeps its cookies
    /// apart from one at 127.0.0.1: browsers do not separate cookies by port), set up by <paramref name="recipe"/>.
    /// Only the shared site reads the inbound mailbox (<paramref name="readsInbound"/>).
    /// </summary>
    public static async Task<HubSite> StartAsync(string host, string recipe, bool readsInbound = false, CancellationToken ct = default)
    {
        var port = TestEnvironment.FreePort();
        var baseUrl = new Uri($"http://{host}:{port}");
        var appData = Directory.CreateTempSubdirectory("hub-browser-").FullName;

        var start = new ProcessStartInfo("dotnet")
        {
            // As `dotnet run --project src/ResearchHub.Web` does: the project folder is the content root.
            WorkingDirectory = Path.Combine(TestEnvironment.RepoRoot, "src", "ResearchHub.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestEnvironment.WebDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.ToString().TrimEnd('/'));

        Configure(start, baseUrl, appData, recipe, readsInbound);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the site.");
        var site = new HubSite(process, baseUrl, appData, recipe, readsInbound);
        process.OutputDataReceived += (_, e) => site.Append(e.Data);
        process.ErrorDataReceived += (_, e) => site.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
            await Poll.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The site exited with code {process.ExitCode} before it was ready:\n{site.Output}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
                    return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync(ct) == "ready";
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    return false;
                }
            }, $"the site on {baseUrl} to say ready", TimeSpan.FromSeconds(300), TimeSpan.FromMilliseconds(250), ct); // the demo recipe alone took 2 minutes on a loaded 2-core machine
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }

        return site;
    }

    /// <summary>The site's configuration, the same for the site and for a verb run against it.</summary>
    private static void Configure(ProcessStartInfo start, Uri baseUrl, string appData, string recipe, bool readsInbound)
    {
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Hub__AppData"] = appData;
        env["Hub__BaseUrl"] = baseUrl.ToString().TrimEnd('/');
        // Also answer as localhost: WebAuthn refuses an IP address as the relying party's id, so the
        // passkey journey browses http://localhost:PORT (a secure context, like https).
        env["AllowedHosts"] = "localhost";
        env["Hub__Database__Provider"] = "Sqlite";
        env["Hub__Setup__Recipe"] = recipe;
        env["Hub__Admin__Email"] = AdminEmail;
        env["Hub__Admin__Password"] = AdminPassword;
        env["Hub__Mail__Outbox__PollSeconds"] = "0.2";
        env["Hub__Mail__Outbox__RetryBaseSeconds"] = "0.5";
        if (TestEnvironment.HasSmtp)
        {
            env["Hub__Mail__Transport"] = "Smtp";
            env["Hub__Mail__Smtp__Host"] = TestEnvironment.SmtpHost;
            env["Hub__Mail__Smtp__Port"] = TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            env["Hub__Mail__Transport"] = "Pickup";
        }

        // Mail into the groups: the site polls its own mailbox on the test.sh dovecot.
        env["Hub__MailingGroups__Address"] = GroupAddress;
        if (readsInbound && Environment.GetEnvironmentVariable("HUB_TEST_IMAP_HOST") is { Length: > 0 })
        {
            env["Hub__Mail__Inbound__Enabled"] = "true";
            env["Hub__Mail__Inbound__Host"] = TestEnvironment.ImapHost;
            env["Hub__Mail__Inbound__Port"] = TestEnvironment.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["Hub__Mail__Inbound__ImplicitTls"] = "false";
            env["Hub__Mail__Inbound__UserName"] = InboundMailbox;
            env["Hub__Mail__Inbound__Password"] = TestEnvironment.ImapPassword;
            env["Hub__Mail__Inbound__PollSeconds"] = "1";
        }
    }

    /// <summary>
    /// Runs a verb (<c>dotnet ResearchHub.Web.dll VERB ...</c>) as an operator would next to the
    /// running site: same App_Data, database and mail settings. Returns its exit code and output.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunVerbAsync(IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(TestEnvironment.RepoRoot, "src", "ResearchHub.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestEnvironment.WebDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Configure(start, BaseUrl, AppData, Recipe, ReadsInbound);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the verb.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The verb {string.Join(' ', args)} did not finish:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(AppData, recursive: true);
        }
        catch (IOException)
        {
            // Left for the machine's temp cleanup.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
