using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Benchmarks.Infrastructure;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.Meetings.Domain;
using ResearchHub.Search.Services;

namespace ResearchHub.Benchmarks.Verbs;

/// <summary>
/// pages --resources N --seconds S: the site's pages under load. The real site (Release, Kestrel on a
/// loopback port) on a generated hub of realistic size (N resources with files' text, and, at 10,000,
/// 300 members, 40 meetings, 20 groups with 5,000 posts and 50 codebooks: every size scales with N),
/// then a fixed list of URLs driven by wrk (32 connections by default), anonymous and signed in
/// through the real sign-in form (every cookie the site set, as a browser keeps them; on the API, which
/// takes bearer tokens only, the member's personal API token), each URL for S seconds. Signed in twice:
/// "signed-in" as a browser (repeats come from the members' output cache) and "fresh", every request
/// with Cache-Control: no-cache (a hard reload), so the page is rendered each time: the uncached cost. The floor is /healthz
/// in the same run: each page's requests/s is also given as a share of it.
/// </summary>
public static partial class PagesVerb
{
    private const string Password = "Bench-Member-Passw0rd";

    public static Command Command()
    {
        var resources = new Option<int>("--resources") { Description = "How many library resources (every other size scales with it).", DefaultValueFactory = _ => 10_000 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds of load per URL and role.", DefaultValueFactory = _ => 5 };
        var connections = new Option<int>("--connections") { Description = "wrk's open connections.", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "wrk's threads.", DefaultValueFactory = _ => 2 };
        var only = new Option<string?>("--only") { Description = "Only the URLs whose path contains this text (and /healthz)." };
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "A PostgreSQL server to use instead of a throwaway cluster." };
        var command = new Command("pages", "Requests/s and latency of the main pages, anonymous and signed in, against /healthz.")
            { resources, seconds, connections, threads, only, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var wrk = new[] { "/usr/bin/wrk", "/usr/local/bin/wrk" }.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("wrk is not installed (Debian: apt-get install wrk).");
            var n = parse.GetValue(resources);
            var sizes = Sizes.For(n);
            await using var hub = await BenchHub.StartAsync(parse.GetValue(provider)!, parse.GetValue(connection),
                new Dictionary<string, string?>
                {
                    ["Hub:RateLimits:SignInPerMinute"] = "100000",
                    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
                    ["Hub:Diagnostics:QueryCountHeader"] = "true",
                }, kestrel: true);
            var address = hub.Address!;

            Report.Progress($"Generating {sizes}");
            var setup = Stopwatch.StartNew();
            var (email, resourceUrl, meetingUrl) = await SeedAsync(hub, sizes, ct);
            Report.Progress($"Generated in {setup.Elapsed.TotalSeconds:0.0} s; indexing for search");
            await using (var scope = hub.Scope())
            {
                await scope.ServiceProvider.GetRequiredService<ReindexService>().RebuildAsync(null, ct);
                var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
                if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
                {
                    // The tables were just filled in one go: their statistics and visibility map as
                    // autovacuum would leave them, before the load, rather than autovacuum at work during the first URLs.
                    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
                    await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)", ct);
                }
            }

            Report.Progress($"Ready after {setup.Elapsed.TotalSeconds:0.0} s");
            var cookie = await SignInAsync(address, email, ct);
            var bearer = await ApiTokenAsync(hub, email, ct);

            var urls = new List<string> { "/", "/library", resourceUrl, meetingUrl, "/api/v1/resources", "/search?q=evaluation" };
            if (parse.GetValue(only) is { Length: > 0 } filter)
            {
                // The path itself ("/" is the home page alone), else every URL that contains the text.
                urls = urls.Contains(filter) ? [filter] : urls.Where(u => u.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
            }

            var s = parse.GetValue(seconds);
            var c = parse.GetValue(connections);
            var t = parse.GetValue(threads);
            var rows = new List<Row>();
            var stamp = hub.Services.GetRequiredService<ChangeStamp>();
            // Signed in twice: as a browser does (its cookies, so repeats come from the members' output cache),
            // and "fresh", each request with Cache-Control: no-cache (a hard reload: the page rendered every time).
            foreach (var role in new[] { "anonymous", "signed-in", "fresh" })
            {
                foreach (var url in urls.Append("/healthz"))
                {
                    // Signed in: the browser's cookies on pages, the member's personal API token on the API (it takes bearer tokens only).
                    var headers = new List<string>();
                    if (role != "anonymous")
                    {
                        headers.Add(url.StartsWith("/api/", StringComparison.Ordinal) ? $"Authorization: Bearer {bearer}" : $"Cookie: {cookie}");
                    }

                    if (role == "fresh")
                    {
                        headers.Add("Cache-Control: no-cache");
                    }

                    var (queries, firstMs) = await CheckAsync(address, url, headers, ct);
                    // A short warm-up (JIT, caches, pools), then the measured run.
                    await RunWrkAsync(wrk, new Uri(address, url), headers, 1, t, c, ct);
                    var load = Phase.LoadAverage();
                    var stampBefore = await stamp.CurrentAsync(ct);
                    var readsBefore = stamp.Reads;
                    var measured = await RunWrkAsync(wrk, new Uri(address, url), headers, s, t, c, ct);
                    var stampReads = stamp.Reads - readsBefore;
                    // Writes to content during the run (each empties the output cache for everyone): background work, if any.
                    var raises = await stamp.CurrentAsync(ct) - stampBefore;
                    rows.Add(measured with { Url = url, Role = role, Load = load, Queries = queries, FirstMs = firstMs, Raises = raises, StampReadsPerRequest = Math.Round(stampReads / Math.Max(1, measured.Rps * s), 3) });
                    Report.Progress($"{role,-10} {url,-40} {queries,3} queries, first {firstMs,7:0.0} ms, {measured.Rps,9:0} req/s  p50 {measured.P50Ms,7:0.00} ms  p99 {measured.P99Ms,7:0.00} ms  (load {load:0.00})");
                }
            }

            Console.WriteLine($"pages on {hub.Provider}, {sizes}, wrk -t{t} -c{c} -d{s}s, load average at start {rows[0].Load:0.00}");
            Console.WriteLine($"  {"role",-10} {"url",-42} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"% healthz",10} {"load",5} {"queries",7} {"first ms",8} {"raises",6} {"stamp reads/req",15}");
            var result = new List<object>();
            foreach (var row in rows)
            {
                var healthz = rows.First(r => r.Role == row.Role && r.Url == "/healthz").Rps;
                var share = Math.Round(100 * row.Rps / healthz, 2);
                Console.WriteLine($"  {row.Role,-10} {row.Url,-42} {row.Rps,9:0} {row.P50Ms,8:0.00} {row.P99Ms,8:0.00} {row.Errors,7} {share,10:0.00} {row.Load,5:0.00} {row.Queries,7} {row.FirstMs,8:0.0} {row.Raises,6} {row.StampReadsPerRequest,15:0.000}");
                result.Add(new { role = row.Role, url = row.Url, rps = Math.Round(row.Rps, 0), p50_ms = row.P50Ms, p99_ms = row.P99Ms, errors = row.Errors, healthz_share_pct = share, load = row.Load, queries = row.Queries, first_ms = row.FirstMs, stamp_raises = row.Raises, stamp_reads_per_request = row.StampReadsPerRequest });
            }

            Report.Result(new
            {
                provider = hub.Provider,
                resources = sizes.Resources,
                members = sizes.Members,
                meetings = sizes.Meetings,
                groups = sizes.Groups,
                posts = sizes.Posts,
                codebooks = sizes.Codebooks,
                seconds = s,
                connections = c,
                threads = t,
                load_end = Phase.LoadAverage(),
                pages = result,
            });
            return rows.Any(r => r.Errors > 0) ? 1 : 0;
        });
        return command;
    }

    private sealed record Sizes(int Resources, int Members, int Meetings, int Groups, int Posts, int Codebooks)
    {
        public static Sizes For(int resources)
        {
            var scale = resources / 10_000.0;
            int Scaled(int full, int least) => Math.Max(least, (int)Math.Round(full * scale));
            return new Sizes(resources, Scaled(300, 10), Scaled(40, 4), Scaled(20, 2), Scaled(5000, 40), Scaled(50, 3));
        }

        public override string ToString() =>
            $"{Resources} resources, {Members} members, {Meetings} meetings, {Groups} groups with {Posts} posts, {Codebooks} codebooks";
    }

    /// <param name="Queries">Database commands the page ran for the first request (the X-Hub-Queries header; 0: served from the output cache).</param>
    /// <param name="FirstMs">The first request's time, before the load.</param>
    /// <param name="Raises">How many times the change stamp was raised during the measured run (every raise empties the output cache).</param>
    /// <param name="StampReadsPerRequest">Change-stamp reads sent to the database per request during the run (reads at the same moment are shared).</param>
    private sealed record Row(string Url, string Role, double Rps, double P50Ms, double P99Ms, long Errors, double Load, int Queries = 0, double FirstMs = 0, long Raises = 0, double StampReadsPerRequest = 0);

    private static readonly string[] Words =
    [
        "local", "area", "coordination", "evaluation", "community", "outcomes", "wellbeing", "support", "people", "families",
        "connections", "resilience", "practice", "learning", "stories", "change", "costs", "benefits", "partners", "network",
        "qualitative", "interviews", "survey", "social", "return", "investment", "health", "isolation", "volunteers", "citizens",
    ];

    private static string Text(Random random, int words)
    {
        var parts = new string[words];
        for (var i = 0; i < words; i++)
        {
            parts[i] = Words[(int)Math.Min(Words.Length - 1, Math.Abs(random.NextDouble() * random.NextDouble()) * Words.Length)];
        }

        return string.Join(' ', parts);
    }

    /// <summary>Rows written directly (the benchmark measures reading pages, not writing them); the search index is rebuilt after.</summary>
    private static async Task<(string Email, string ResourceUrl, string MeetingUrl)> SeedAsync(BenchHub hub, Sizes sizes, CancellationToken ct)
    {
        var random = new Random(19);
        var now = TimeProvider.System.GetUtcNow();
        string signInEmail;
        var memberIds = new List<string>();
        List<long> organisationIds;
        await using (var scope = hub.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            var organisations = Enumerable.Range(0, 20).Select(i => new Organisation { Name = $"Partner organisation {i}", CreatedAt = now }).ToList();
            db.AddRange(organisations);
            await db.SaveChangesAsync(ct);
            organisationIds = organisations.Select(o => o.Id).ToList();

            // One member through Identity (a real password hash) to sign in as; the rest written directly.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HubUser>>();
            signInEmail = "bench-member@example.org";
            var member = new HubUser { UserName = signInEmail, Email = signInEmail, EmailConfirmed = true, DisplayName = "Bench Member", OrganisationId = organisationIds[0], CreatedAt = now };
            Check(await users.CreateAsync(member, Password));
            Check(await users.AddToRoleAsync(member, HubRoles.Member));
            memberIds.Add(member.Id);

            var roleId = await db.Set<IdentityRole>().Where(r => r.Name == HubRoles.Member).Select(r => r.Id).SingleAsync(ct);
            for (var i = 1; i < sizes.Members; i++)
            {
                var email = $"member{i.ToString(CultureInfo.InvariantCulture)}@example.org";
                var user = new HubUser
                {
                    UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true, DisplayName = $"Member {i}", OrganisationId = organisationIds[i % organisationIds.Count], CreatedAt = now.AddDays(-30),
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                };
                db.Add(user);
                db.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
                memberIds.Add(user.Id);
            }

            await db.SaveChangesAsync(ct);
        }

        long publicResourceId = 0;
        string publicResourceSlug = "";
        List<long> termIds;
        await using (var scope = hub.Scope())
        {
            termIds = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<VocabularyTerm>().Select(v => v.Id).ToListAsync(ct);
        }

        for (var start = 0; start < sizes.Resources; start += 500)
        {
            await using var scope = hub.Scope();
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            var batch = new List<Resource>();
            for (var i = start; i < Math.Min(sizes.Resources, start + 500); i++)
            {
                var at = now.AddHours(-i);
                var kind = (ResourceKind)(i % Enum.GetValues<ResourceKind>().Length);
                var resource = new Resource
                {
                    Slug = $"resource-{i.ToString(CultureInfo.InvariantCulture)}",
                    Kind = kind,
                    Title = $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Text(random, 5))} {i.ToString(CultureInfo.InvariantCulture)}",
                    Summary = Text(random, 40),
                    Body = Text(random, 200),
                    // Mostly public, some network-only, organisation-only and drafts.
                    Visibility = (i % 10) switch { < 6 => ResourceVisibility.Public, < 8 => ResourceVisibility.Network, 8 => ResourceVisibility.Organisation, _ => ResourceVisibility.Draft },
                    OwnerOrganisationId = organisationIds[i % organisationIds.Count],
                    PublicationDate = DateOnly.FromDateTime(at.UtcDateTime),
                    CreatedAt = at, UpdatedAt = at, PublishedAt = i % 10 == 9 ? null : at, VersionCount = i % 10 == 9 ? 0 : 1,
                    CreatedById = memberIds[i % memberIds.Count],
                };
                for (var a = 0; a < 1 + (i % 3); a++)
                {
                    resource.Authors.Add(new ResourceAuthor { Position = a, Name = $"Author {(i + a) % 500}" });
                }

                resource.Organisations.Add(new ResourceOrganisation { OrganisationId = organisationIds[(i + 3) % organisationIds.Count] });
                foreach (var term in termIds.Count == 0 ? [] : new[] { termIds[i % termIds.Count], termIds[(i * 7 + 1) % termIds.Count] }.Distinct())
                {
                    resource.Terms.Add(new ResourceTerm { TermId = term });
                }

                if (i % 2 == 0)
                {
                    resource.Files.Add(new ResourceFile
                    {
                        FileName = $"report-{i}.pdf", ContentType = "application/pdf", Length = 50_000, Sha256 = new string('0', 64), UploadedAt = at,
                        ExtractionState = ExtractionState.Done, ExtractedText = Text(random, 1500), ExtractedAt = at,
                    });
                }

                batch.Add(resource);
            }

            db.AddRange(batch);
            await db.SaveChangesAsync(ct);
            if (publicResourceId == 0)
            {
                var first = batch.First(r => r.Visibility == ResourceVisibility.Public);
                (publicResourceId, publicResourceSlug) = (first.Id, first.Slug);
            }

            if ((start / 500) % 4 == 3)
            {
                Report.Progress($"resources {Math.Min(sizes.Resources, start + 500)}/{sizes.Resources}");
            }
        }

        long meetingId;
        await using (var scope = hub.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            var meetings = Enumerable.Range(0, sizes.Meetings).Select(i => new Meeting
            {
                Uid = $"{Guid.NewGuid():N}@researchhub", Title = $"Network meeting {i}: {Text(random, 4)}", DescriptionMarkdown = Text(random, 120),
                StartUtc = now.AddDays(i - sizes.Meetings / 2).AddHours(10), EndUtc = now.AddDays(i - sizes.Meetings / 2).AddHours(12),
                Venue = "Online", Visibility = i % 4 == 3 ? MeetingVisibility.Network : MeetingVisibility.Public, Status = MeetingStatus.Confirmed,
                OrganiserUserId = memberIds[i % memberIds.Count], CreatedAt = now.AddDays(-60), UpdatedAt = now.AddDays(-60),
            }).ToList();
            db.AddRange(meetings);

            var groups = Enumerable.Range(0, sizes.Groups).Select(i => new MailingGroup
            {
                Slug = $"group-{i}", Name = $"Group {i}: {Text(random, 3)}", Description = Text(random, 30), CreatedAt = now.AddDays(-90),
            }).ToList();
            db.AddRange(groups);

            var codebooks = Enumerable.Range(0, sizes.Codebooks).Select(i =>
            {
                var book = new Codebook
                {
                    Name = $"Codebook {i}: {Text(random, 3)}", Description = Text(random, 30), OwnerOrganisationId = organisationIds[i % organisationIds.Count],
                    Status = CodebookStatus.Published, Visibility = ResourceVisibility.Public, CreatedAt = now.AddDays(-50), UpdatedAt = now.AddDays(-50), VersionCount = 0,
                };
                for (var c = 0; c < 30; c++)
                {
                    book.Codes.Add(new Code { Guid = Guid.NewGuid(), Position = c, Name = $"Code {c} {Text(random, 2)}", Definition = Text(random, 20) });
                }

                return book;
            }).ToList();
            db.AddRange(codebooks);
            await db.SaveChangesAsync(ct);
            meetingId = meetings.First(m => m.Visibility == MeetingVisibility.Public && m.StartUtc > now).Id;

            foreach (var group in groups)
            {
                db.Add(new GroupMembership { GroupId = group.Id, UserId = memberIds[0], Mode = DeliveryMode.Weekly, CreatedAt = now.AddDays(-30) });
            }

            var perGroup = sizes.Posts / sizes.Groups;
            for (var g = 0; g < groups.Count; g++)
            {
                for (var p = 0; p < perGroup; p += 5)
                {
                    var at = now.AddHours(-(p + g));
                    var thread = new GroupPost
                    {
                        GroupId = groups[g].Id, AuthorId = memberIds[(p + g) % memberIds.Count], Subject = $"Thread {p / 5}: {Text(random, 5)}",
                        Body = Text(random, 80), CreatedAt = at, PublishedAt = at,
                    };
                    db.Add(thread);
                    await db.SaveChangesAsync(ct);
                    for (var r = 1; r < Math.Min(5, perGroup - p); r++)
                    {
                        db.Add(new GroupPost
                        {
                            GroupId = groups[g].Id, ThreadId = thread.Id, AuthorId = memberIds[(p + g + r) % memberIds.Count], Subject = thread.Subject,
                            Body = Text(random, 50), CreatedAt = at.AddMinutes(r), PublishedAt = at.AddMinutes(r),
                        });
                    }
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        return (signInEmail, $"/library/{publicResourceId}/{publicResourceSlug}", $"/meetings/{meetingId}");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Through the real sign-in form, with its antiforgery token; the answer is the Cookie header a signed-in browser sends.</summary>
    private static async Task<string> SignInAsync(Uri address, string email, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = address };
        var form = await client.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative), ct);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync(new Uri("/account/sign-in", UriKind.Relative), content, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}.");
        }

        using var check = await client.GetAsync(new Uri("/account/profile", UriKind.Relative), ct);
        if (check.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("Not signed in after signing in.");
        }

        // Every cookie the site set, as a browser keeps them: the sign-in cookie and the antiforgery cookie
        // (the members' output cache keeps each browser's pages apart by them).
        return string.Join("; ", cookies.GetCookies(address).Select(c => $"{c.Name}={c.Value}"));
    }

    /// <summary>A personal API token (every area's read scope) for the member, made the way the tokens page makes one.</summary>
    private static async Task<string> ApiTokenAsync(BenchHub hub, string email, CancellationToken ct)
    {
        await using var scope = hub.Scope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No member {email}.");
        var (token, errors) = await scope.ServiceProvider.GetRequiredService<ApiTokenService>()
            .CreateAsync(user, isAdministrator: false, "pages benchmark", ["read"], 30, ct);
        return token?.PlainText ?? throw new InvalidOperationException(string.Join("; ", errors));
    }

    /// <summary>
    /// One request before the load: the page must answer 200, and signed in must mean signed in (a page
    /// shows the sign-out form; the API answers as the token's member). Answers the page's query count and time.
    /// </summary>
    private static async Task<(int Queries, double Ms)> CheckAsync(Uri address, string url, IReadOnlyList<string> headers, CancellationToken ct)
    {
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var line in headers)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            request.Headers.TryAddWithoutValidation(line[..colon], line[(colon + 1)..].Trim());
        }

        var header = headers.FirstOrDefault(h => h.StartsWith("Cookie:", StringComparison.Ordinal) || h.StartsWith("Authorization:", StringComparison.Ordinal));

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, ct);
        var ms = Math.Round(watch.Elapsed.TotalMilliseconds, 1);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}{(header is null ? "" : " signed in")}.");
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        if (header is not null && !url.StartsWith("/api", StringComparison.Ordinal) && url != "/healthz" && !body.Contains("/account/sign-out", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET {url} with the session cookie does not show a signed-in page.");
        }

        if (header is not null && url.StartsWith("/api", StringComparison.Ordinal))
        {
            // A bad token would be refused (401), never answered as anonymous: check the token is taken, on an endpoint that needs it.
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
            me.Headers.TryAddWithoutValidation("Authorization", header["Authorization:".Length..].Trim());
            using var answer = await client.SendAsync(me, ct);
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The API token is not taken: /api/v1/me answered {(int)answer.StatusCode}.");
            }
        }

        return (response.Headers.TryGetValues("X-Hub-Queries", out var values) ? int.Parse(values.First(), CultureInfo.InvariantCulture) : -1, ms);
    }

    private static async Task<Row> RunWrkAsync(string wrk, Uri url, IReadOnlyList<string> headers, int seconds, int threads, int connections, CancellationToken ct)
    {
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--latency", $"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var header in headers)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed: {output}{error}");
        }

        double Latency(string label)
        {
            var match = Regex.Match(output, $@"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!match.Success)
            {
                return double.NaN;
            }

            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return Math.Round(match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value }, 2);
        }

        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)");
        var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        long errors = non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (socket.Success)
        {
            errors += Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture));
        }

        return new Row("", "", rps, Latency("50"), Latency("99"), errors, 0);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
