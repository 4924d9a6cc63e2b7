using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// Hubs whose password hasher is the real one, wrapped to note which passwords it verified: the
/// work a sign-in does is what makes its time, so equal work is what the test can assert.
/// </summary>
public sealed class HasherCountingHubs : HubFactoryFixture
{
    public ConcurrentQueue<string> Verified { get; } = new();

    protected override void Configure(HubFactory factory) =>
        factory.WithServices(s => s.AddScoped<IPasswordHasher<HubUser>>(sp =>
            new CountingHasher(new PasswordHasher<HubUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()), Verified)));

    private sealed class CountingHasher(PasswordHasher<HubUser> inner, ConcurrentQueue<string> verified) : IPasswordHasher<HubUser>
    {
        public string HashPassword(HubUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(HubUser user, string hashedPassword, string providedPassword)
        {
            verified.Enqueue(providedPassword);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>Sign-in tells nobody whether an address belongs to a member, or is locked: same work, same words.</summary>
public sealed class EnumerationTests(HasherCountingHubs hubs) : IClassFixture<HasherCountingHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Unknown_known_and_locked_addresses_get_the_same_answer_after_the_same_password_work(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var locked = await CreateMemberAsync(hub, HubRoles.Member);
        await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var user = (await users.FindByIdAsync(locked.Id))!;
            await users.SetLockoutEndDateAsync(user, hub.Clock.GetUtcNow().AddMinutes(15));
        });

        var cases = new (string Email, string Password)[]
        {
            (UniqueEmail("nobody"), $"unknown-{Guid.NewGuid():N}"),
            (member.Email!, $"wrong-{Guid.NewGuid():N}"),
            (locked.Email!, $"locked-wrong-{Guid.NewGuid():N}"),
            (locked.Email!, Password + " "), // nearly right while locked
        };
        var answers = new List<string>();
        foreach (var (email, password) in cases)
        {
            var before = hubs.Verified.Count(p => p == password);
            using var response = await PostSignInAsync(hub.CreateBrowserClient(), email, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadPageAsync();
            // The whole form as re-shown, not just the summary: which field carries the error would tell too.
            answers.Add(page.Document.QuerySelector("main")!.InnerHtml
                .Replace(email, "EMAIL", StringComparison.Ordinal)
                .Split("__RequestVerificationToken", StringSplitOptions.None)[0]);
            Assert.Equal(before + 1, hubs.Verified.Count(p => p == password));
        }

        Assert.Single(answers.Distinct());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Forgot_password_answers_every_address_after_the_same_database_work_and_mails_only_members(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var adminLocked = await CreateMemberAsync(hub, HubRoles.Member);
        await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(adminLocked.Id))!, DateTimeOffset.MaxValue);
        });

        // A request first that is not compared: the first requests a hub serves read once-per-process
        // things (the OpenID provider's keys, caches), whichever address they carry.
        using (var warm = await hub.CreateBrowserClient().PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = UniqueEmail("warm-up") }))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var stranger = UniqueEmail("stranger");
        using var commands = new RequestCommands();
        var answers = new List<string>();
        foreach (var email in new[] { stranger, adminLocked.Email!, member.Email! })
        {
            var client = hub.CreateBrowserClient();
            client.DefaultRequestHeaders.Add(RequestCommands.Header, email);
            using var response = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add((await response.ReadPageAsync()).Document.QuerySelector("main")!.InnerHtml
                .Replace(email, "EMAIL", StringComparison.Ordinal)
                .Split("__RequestVerificationToken", StringSplitOptions.None)[0]);
        }

        // Same words, and the same statements against the database while answering (the old page
        // looked the address up, then made a token and wrote the mail only for a member's).
        Assert.Single(answers.Distinct());
        var work = new[] { stranger, adminLocked.Email!, member.Email! }.Select(commands.For).ToList();
        Assert.All(work, statements => Assert.Equal(work[0], statements));

        // After the answer: the member's link arrives; requests are handled in order, so once it has,
        // the stranger's and the administrator-locked member's were handled too, and wrote nothing.
        var mail = await MailCatcher.Shared.WaitForMessageToAsync(member.Email!);
        Assert.Contains("/account/reset-password?", mail.Text, StringComparison.Ordinal);
        Assert.False(await hub.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.To == stranger || m.To == adminLocked.Email)));
    }

    /// <summary>
    /// The SQL statements EF Core runs while answering requests that carry <see cref="Header"/>,
    /// by its value: the request is found through the ambient HttpContext the statement runs under.
    /// </summary>
    private sealed class RequestCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        public const string Header = "X-Test-Request";

        private readonly ConcurrentQueue<(string Request, string Sql)> seen = new();
        private readonly List<IDisposable> subscriptions = [];
        private readonly HttpContextAccessor accessor = new();

        public RequestCommands() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

        public IReadOnlyList<string> For(string request) => [.. seen.Where(s => s.Request == request).Select(s => s.Sql)];

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (subscriptions)
                {
                    subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name
                && value.Value is CommandEventData data
                && accessor.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } request)
            {
                seen.Enqueue((request, data.Command.CommandText));
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (subscriptions)
            {
                subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
