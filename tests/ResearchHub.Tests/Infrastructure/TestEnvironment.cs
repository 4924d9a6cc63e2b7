using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// The real parts <c>scripts/test.sh</c> starts and tells the tests about through environment
/// variables. A test that needs a part that is not there FAILS with a message naming the variable
/// and the command (it never skips): under test.sh a missing part is a failure.
/// </summary>
public static class TestEnvironment
{
    public const string RunTestSh = "run the tests with scripts/test.sh, which starts PostgreSQL, the SMTP server and the rest";

    /// <summary>Set to 1 by test.sh: every part must be present.</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable("HUB_TEST_REQUIRE_ALL") == "1";

    /// <summary>"Host=127.0.0.1;Port=..;Username=postgres;Database=postgres" of the throwaway cluster.</summary>
    public static string PostgresConnectionString => Required("HUB_TEST_POSTGRES", "a PostgreSQL cluster");

    public static string SmtpHost => Required("HUB_TEST_SMTP_HOST", "the SMTP server (aiosmtpd)");

    public static int SmtpPort => int.Parse(Required("HUB_TEST_SMTP_PORT", "the SMTP server (aiosmtpd)"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Maildir the shared aiosmtpd server writes into.</summary>
    public static string Maildir => Required("HUB_TEST_MAILDIR", "the SMTP server's Maildir");

    /// <summary>The test.sh IMAP server (dovecot): any user name logs in with <see cref="ImapPassword"/>, so a test takes a fresh user, a fresh mailbox.</summary>
    public static string ImapHost => Required("HUB_TEST_IMAP_HOST", "the IMAP server (dovecot)");

    public static int ImapPort => int.Parse(Required("HUB_TEST_IMAP_PORT", "the IMAP server (dovecot)"), System.Globalization.CultureInfo.InvariantCulture);

    public static string ImapPassword => Required("HUB_TEST_IMAP_PASSWORD", "the IMAP server (dovecot)");

    public static bool HasSmtp =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HUB_TEST_SMTP_HOST"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HUB_TEST_SMTP_PORT"));

    /// <summary>Debian's Python (with the aiosmtpd package); not another Python on PATH.</summary>
    public static string Python
    {
        get
        {
            var python = Environment.GetEnvironmentVariable("HUB_TEST_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";
            return File.Exists(python)
                ? python
                : throw new InvalidOperationException($"{python} is missing: {RunTestSh}.");
        }
    }

    /// <summary>Redocly CLI's entry script (npm, installed by test.sh under tests/openapi-lint), run with node.</summary>
    public static string Redocly => Required("HUB_TEST_REDOCLY", "Redocly CLI (npm ci in tests/openapi-lint)");

    /// <summary>The repository root: the folder holding ResearchHub.sln above the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Debug or Release: the configuration these tests were built in (the host was built in the same).</summary>
    public static string BuildConfiguration { get; } =
        typeof(TestEnvironment).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built host, for tests that run it as a child process (CLI verbs).</summary>
    public static string WebDll
    {
        get
        {
            var path = Path.Combine(RepoRoot, "src", "ResearchHub.Web", "bin", BuildConfiguration, "net10.0", "ResearchHub.Web.dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The host is not built at {path}: build the solution first ({RunTestSh}).");
        }
    }

    /// <summary>A file of this test project's Infrastructure folder (the Python helpers), from the build output.</summary>
    public static string InfrastructureFile(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Infrastructure", name);
        return File.Exists(path) ? path : Path.Combine(RepoRoot, "tests", "ResearchHub.Tests", "Infrastructure", name);
    }

    /// <summary>A loopback TCP port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Required(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"This test needs {what}, but {variable} is not set: {RunTestSh}." +
                (RequireAll ? " (HUB_TEST_REQUIRE_ALL=1: a missing part is a failure.)" : ""));
        }

        return value;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResearchHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ResearchHub.sln above {AppContext.BaseDirectory}.");
    }
}
