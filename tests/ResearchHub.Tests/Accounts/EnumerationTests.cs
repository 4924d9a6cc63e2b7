using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Accounts.Domain;
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
}
