using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Benchmarks.Infrastructure;

namespace ResearchHub.Benchmarks.Verbs;

/// <summary>
/// sessions --checks N: what checking the sign-in on every request costs. The session record check
/// the hub makes (<see cref="MemberSessions.ValidateAsync"/>: one read by primary key, a write at
/// most once a minute), against the alternative it was chosen over, a security-stamp check on every
/// request (load the member, compare the stamp, rebuild the principal with roles and claims, as
/// Identity's SecurityStampValidator does when its interval is zero); then whole requests to the
/// home page signed in and anonymous, for scale.
/// </summary>
public static class SessionsVerb
{
    public static Command Command()
    {
        var checks = new Option<int>("--checks") { Description = "How many checks (and requests) of each kind.", DefaultValueFactory = _ => 2000 };
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "A PostgreSQL server to use instead of a throwaway cluster." };
        var command = new Command("sessions", "The per-request cost of the session check against a security-stamp check.") { checks, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(checks);
            await using var hub = await BenchHub.StartAsync(parse.GetValue(provider)!, parse.GetValue(connection),
                new Dictionary<string, string?> { ["Hub:RateLimits:SignInPerMinute"] = "100000" });
            const string email = "bench-admin@example.org", password = "Bench-Admin-Passw0rd";

            string userId, sessionId;
            await using (var scope = hub.Scope())
            {
                userId = (await scope.ServiceProvider.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(email))!.Id;
                sessionId = await scope.ServiceProvider.GetRequiredService<MemberSessions>().StartAsync(userId, ct);
            }

            Report.Progress($"{n} session checks");
            var session = await TimeAsync(n, async sp =>
            {
                if (!await sp.GetRequiredService<MemberSessions>().ValidateAsync(sessionId, userId, ct))
                {
                    throw new InvalidOperationException("The session ended during the benchmark.");
                }
            }, hub);

            Report.Progress($"{n} security-stamp checks");
            var stamp = await TimeAsync(n, async sp =>
            {
                var users = sp.GetRequiredService<UserManager<HubUser>>();
                var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("No member.");
                _ = await users.GetSecurityStampAsync(user);
                _ = await sp.GetRequiredService<IUserClaimsPrincipalFactory<HubUser>>().CreateAsync(user);
            }, hub);

            Report.Progress($"{n} home page requests, signed in and anonymous");
            using var signedIn = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            await SignInAsync(signedIn, email, password, ct);
            using var anonymous = hub.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            var signedInPage = await RequestsAsync(signedIn, n, ct);
            var anonymousPage = await RequestsAsync(anonymous, n, ct);

            Console.WriteLine($"sessions on {hub.Provider}, {n} of each");
            Report.Table(
                ("session check µs", Math.Round(session, 1)),
                ("stamp check µs", Math.Round(stamp, 1)),
                ("ratio stamp/session", Math.Round(stamp / session, 2)),
                ("home signed in µs", Math.Round(signedInPage, 1)),
                ("home anonymous µs", Math.Round(anonymousPage, 1)),
                ("peak MB", Report.PeakMemoryMb()));
            Report.Result(new
            {
                provider = hub.Provider,
                checks = n,
                session_check_us = Math.Round(session, 1),
                stamp_check_us = Math.Round(stamp, 1),
                ratio = Math.Round(stamp / session, 2),
                home_signed_in_us = Math.Round(signedInPage, 1),
                home_anonymous_us = Math.Round(anonymousPage, 1),
                peak_mb = Report.PeakMemoryMb(),
            });
            return 0;
        });
        return command;
    }

    /// <summary>Mean microseconds of <paramref name="work"/>, each in its own DI scope as a request is (after a warm-up).</summary>
    private static async Task<double> TimeAsync(int n, Func<IServiceProvider, Task> work, BenchHub hub)
    {
        for (var i = 0; i < Math.Min(100, n); i++)
        {
            await using var scope = hub.Scope();
            await work(scope.ServiceProvider);
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await using var scope = hub.Scope();
            await work(scope.ServiceProvider);
        }

        return stopwatch.Elapsed.TotalMicroseconds / n;
    }

    private static async Task<double> RequestsAsync(HttpClient client, int n, CancellationToken ct)
    {
        for (var i = 0; i < Math.Min(100, n); i++)
        {
            using var warm = await client.GetAsync(new Uri("/", UriKind.Relative), ct);
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            using var response = await client.GetAsync(new Uri("/", UriKind.Relative), ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET / answered {(int)response.StatusCode}.");
            }
        }

        return stopwatch.Elapsed.TotalMicroseconds / n;
    }

    /// <summary>Through the real sign-in form, with its antiforgery token.</summary>
    private static async Task SignInAsync(HttpClient client, string email, string password, CancellationToken ct)
    {
        var form = await client.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), ct);
        const string marker = "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"";
        var at = form.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var token = form[at..form.IndexOf('"', at)];
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync(new Uri("/account/sign-in", UriKind.Relative), content, ct);
        if (response.StatusCode != HttpStatusCode.Redirect || !response.Headers.Location!.OriginalString.Equals("/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}.");
        }

        using var check = await client.GetAsync(new Uri("/account/profile", UriKind.Relative), ct);
        if (check.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("Not signed in after signing in.");
        }
    }
}
