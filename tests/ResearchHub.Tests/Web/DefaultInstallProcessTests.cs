using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Web;

/// <summary>
/// The host as an operator runs it (a child process on Kestrel, nothing configured but the database,
/// the listening URL and the mail folder): a forged Host is refused before any mail is written, no
/// Server header, and `digests send-due` works without Hub:BaseUrl. With an HTTPS endpoint, plain
/// HTTP is redirected to it.
/// </summary>
public sealed class DefaultInstallProcessTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_forged_Host_is_refused_with_no_mail_written_and_digests_are_sent_without_Hub_BaseUrl(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        string victim, member;
        await using (var setup = new HubFactory(storage).WithPickupMail())
        {
            await setup.StartAsync();
            victim = (await CreateMemberAsync(setup, HubRoles.Member)).Email!;
            member = (await CreateMemberAsync(setup, HubRoles.Member)).Email!;
            await SeedDigestAsync(setup);
            // As a default install: nothing stored yet, so the site derives and stores its own address.
            await setup.WithDbAsync(db => db.SiteSettings.Where(s => s.Key == "BaseUrl").ExecuteDeleteAsync());
        }

        var port = TestEnvironment.FreePort();
        var address = $"http://127.0.0.1:{port}";
        await using (var site = await SiteProcess.StartAsync(storage, address, address))
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(address) };
            using var home = await http.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.False(home.Headers.Contains("Server"), "a Server header was sent");

            // curl -H 'Host: evil.example' on forgot-password, with a real form token: 400, and no mail.
            using (var forged = await PostForgotPasswordAsync(http, victim, host: "evil.example"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            }

            using (var honest = await PostForgotPasswordAsync(http, member, host: null))
            {
                Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
            }

            await using var check = new HubFactory(storage).WithPickupMail();
            await check.StartAsync();
            // The site answers first and writes the mail after (the same work for every address):
            // wait for the member's; requests are handled in order, so the forged one was too.
            var resets = await Poll.ForAsync(async () =>
            {
                var rows = await check.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == "password-reset").Select(m => new { m.To, m.TextBody }).ToListAsync());
                return rows.Any(m => m.To.Contains(member, StringComparison.OrdinalIgnoreCase)) ? rows : null;
            }, "the member's reset mail in the outbox", TimeSpan.FromSeconds(60));
            Assert.DoesNotContain(resets, m => m.To.Contains(victim, StringComparison.OrdinalIgnoreCase));
            var reset = Assert.Single(resets, m => m.To.Contains(member, StringComparison.OrdinalIgnoreCase));
            Assert.Contains($"{address}/account/reset-password?", reset.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("evil.example", string.Concat(resets.Select(m => m.TextBody)), StringComparison.Ordinal);
        }

        // The digest verb on the same default install (its own Urls is the appsettings default): exit 0, what it sent, the site's links.
        // The member chooses weekly digests only now, with no hub running, so the verb (not a worker) composes it.
        await ChooseWeeklyAsync(storage);
        var (exitCode, output) = await SiteProcess.RunVerbAsync(storage, ["digests", "send-due", "--now", TimeProvider.System.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(exitCode == 0, output);
        Assert.True(output.Contains("digests: 1 queued", StringComparison.Ordinal), output);
        Assert.Matches("delivered [1-9]", output);
        var mails = await MailCatcher.ParseAsync(Directory.GetFiles(Path.Combine(storage.AppData, "mail"), "*.eml"));
        var digest = Assert.Single(mails, m => m.Text?.Contains("Process digest news", StringComparison.Ordinal) == true);
        Assert.Contains($"{address}/groups/", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_https_endpoint_plain_http_is_redirected_to_it()
    {
        await using var storage = await HubStorage.CreateAsync("Sqlite");
        var (http, https) = (TestEnvironment.FreePort(), TestEnvironment.FreePort());
        var certificate = Path.Combine(storage.AppData, "test-cert.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var cert = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
            await File.WriteAllBytesAsync(certificate, cert.Export(X509ContentType.Pfx, "test"));
        }

        await using var site = await SiteProcess.StartAsync(storage, $"http://127.0.0.1:{http};https://127.0.0.1:{https}", $"https://127.0.0.1:{https}",
            new Dictionary<string, string> { ["Kestrel__Certificates__Default__Path"] = certificate, ["Kestrel__Certificates__Default__Password"] = "test" });
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler);
        using var plain = await client.GetAsync(new Uri($"http://127.0.0.1:{http}/library?page=2"));
        Assert.True(plain.StatusCode == HttpStatusCode.TemporaryRedirect, $"{plain.StatusCode}\n{site.Output}");
        Assert.Equal($"https://127.0.0.1:{https}/library?page=2", plain.Headers.Location?.ToString());

        using var secure = await client.GetAsync(new Uri($"https://127.0.0.1:{https}/account/sign-in"));
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.False(secure.Headers.Contains("Server"), "a Server header was sent");
        Assert.Contains(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-hub.antiforgery=", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostForgotPasswordAsync(HttpClient http, string email, string? host)
    {
        var html = await http.GetStringAsync(new Uri("/account/forgot-password", UriKind.Relative));
        var form = new HtmlParser().ParseDocument(html).QuerySelectorAll<IHtmlFormElement>("main form").First(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase));
        var values = HubClientExtensions.FormValues(form);
        values["Email"] = email;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/account/forgot-password", UriKind.Relative)) { Content = new FormUrlEncodedContent(values) };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await http.SendAsync(request);
    }

    /// <summary>Switches the seeded member to weekly digests, straight in the database (no hub, so no digest worker, is running).</summary>
    private static async Task ChooseWeeklyAsync(HubStorage storage)
    {
        await using System.Data.Common.DbConnection connection = storage.ConnectionString is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(storage.AppData, "hub.db")};Pooling=False")
            : new Npgsql.NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""UPDATE "MailingGroupMembers" SET "Mode" = {(int)DeliveryMode.Weekly} WHERE "UserId" = (SELECT "Id" FROM "Users" WHERE "DisplayName" = 'Digest reader' AND "Email" LIKE 'digest-%')""";
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>A member (digests off for now) and a post in the last full week (real time: the verb runs on the real clock).</summary>
    private static Task SeedDigestAsync(HubFactory hub) => hub.WithDbAsync(async db =>
    {
        var now = TimeProvider.System.GetUtcNow();
        var period = DigestPeriods.LastDue(DeliveryMode.Weekly, now, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), 7);
        var roleId = await db.Set<IdentityRole>().Where(r => r.Name == HubRoles.Member).Select(r => r.Id).SingleAsync();
        var group = new MailingGroup { Slug = "process-digest", Name = "Process digest", CreatedAt = now.AddDays(-30) };
        db.Add(group);
        await db.SaveChangesAsync();
        HubUser Member(string name)
        {
            var email = UniqueEmail("digest");
            var user = new HubUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                DisplayName = name, CreatedAt = now.AddDays(-30), SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Add(user);
            db.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
            db.Add(new GroupMembership { GroupId = group.Id, UserId = user.Id, Mode = DeliveryMode.None, CreatedAt = now.AddDays(-30) });
            return user;
        }

        _ = Member("Digest reader");
        var author = Member("Digest author");
        await db.SaveChangesAsync();
        db.Add(new GroupPost { GroupId = group.Id, AuthorId = author.Id, Subject = "Process digest news", Body = "Something new.", CreatedAt = period.Start.AddHours(12), PublishedAt = period.Start.AddHours(12) });
        await db.SaveChangesAsync();
    });

    /// <summary>The built host in a child process, configured as a default install on the given storage.</summary>
    private sealed class SiteProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private SiteProcess(Process process) => _process = process;

        public static async Task<SiteProcess> StartAsync(HubStorage storage, string urls, string probe, IReadOnlyDictionary<string, string>? extra = null)
        {
            var start = Configure(storage, extra);
            start.Environment["Urls"] = urls;
            var site = new SiteProcess(Process.Start(start)!);
            site._process.OutputDataReceived += (_, e) => site.Append(e.Data);
            site._process.ErrorDataReceived += (_, e) => site.Append(e.Data);
            site._process.BeginOutputReadLine();
            site._process.BeginErrorReadLine();
            try
            {
                // The test certificate is self-signed: the probe (over HTTPS when there is an HTTPS endpoint) accepts it.
                using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
                using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
                await Poll.UntilAsync(async () =>
                {
                    if (site._process.HasExited)
                    {
                        throw new InvalidOperationException($"The site exited with code {site._process.ExitCode}:\n{site.Output}");
                    }

                    try
                    {
                        using var response = await http.GetAsync(new Uri($"{probe}/readyz"));
                        return response.IsSuccessStatusCode;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return false;
                    }
                }, $"the site on {probe} to say ready", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(250));
            }
            catch
            {
                await site.DisposeAsync();
                throw;
            }

            return site;
        }

        public static async Task<(int ExitCode, string Output)> RunVerbAsync(HubStorage storage, IEnumerable<string> args)
        {
            var start = Configure(storage, null);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(cts.Token);
            return (process.ExitCode, await stdout + await stderr);
        }

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

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        private static ProcessStartInfo Configure(HubStorage storage, IReadOnlyDictionary<string, string>? extra)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.Combine(TestEnvironment.RepoRoot, "src", "ResearchHub.Web"),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(TestEnvironment.WebDll);
            var env = start.Environment;
            env["ASPNETCORE_ENVIRONMENT"] = "Production";
            env["Hub__AppData"] = storage.AppData;
            env["Hub__Database__Provider"] = storage.Provider;
            if (storage.ConnectionString is not null)
            {
                env["Hub__Database__ConnectionString"] = storage.ConnectionString;
            }

            env["Hub__Setup__Recipe"] = "";
            env["Hub__Mail__Transport"] = "Pickup";
            env["Hub__Mail__Outbox__PollSeconds"] = "3600"; // the rows stay in the outbox for the test to read
            env["Logging__LogLevel__Default"] = "Warning";
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                env[key] = value;
            }

            return start;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
