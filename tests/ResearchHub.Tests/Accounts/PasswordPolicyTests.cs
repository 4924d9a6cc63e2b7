using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// The password policy (ASVS 2.1): at least 12 characters, not one of the passwords people use
/// most, and no composition rules.
/// </summary>
public sealed class PasswordPolicyTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Fact]
    public void The_shipped_list_holds_tens_of_thousands_of_common_passwords_and_names_its_source()
    {
        var validator = new CommonPasswordValidator();

        Assert.InRange(validator.Count, 10_000, 100_000);
        Assert.True(validator.IsCommon("password123"));
        Assert.True(validator.IsCommon("Password123"));
        Assert.True(validator.IsCommon(" QWERTY123456 "));
        Assert.False(validator.IsCommon("violet tractor lantern"));
        var header = File.ReadLines(Path.Combine(TestEnvironment.RepoRoot, "modules", "ResearchHub.Accounts", "Resources", "common-passwords.txt"))
            .TakeWhile(l => l.StartsWith('#')).ToList();
        Assert.Contains(header, l => l.Contains("zxcvbn 4.4.2", StringComparison.Ordinal));
        Assert.Contains(header, l => l.Contains("Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Short_and_common_passwords_are_refused_and_a_long_plain_one_is_accepted(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        Task<HttpResponseMessage> ChangeAsync(string password) =>
            client.PostFormAsync("/account/profile", "form[action$='handler=Password']", new Dictionary<string, string>
            {
                ["ChangePassword.Current"] = Password,
                ["ChangePassword.New"] = password,
                ["ChangePassword.Confirm"] = password,
            });

        using var short11 = await ChangeAsync("Password123");
        Assert.Equal(HttpStatusCode.OK, short11.StatusCode);
        Assert.Contains("at least 12 characters", await ErrorSummaryAsync(short11), StringComparison.Ordinal);

        using var common = await ChangeAsync("Qwerty123456");
        Assert.Equal(HttpStatusCode.OK, common.StatusCode);
        Assert.Contains("one of the passwords people use most", await ErrorSummaryAsync(common), StringComparison.Ordinal);

        // Lower case and spaces only: no composition rules.
        using var plain = await ChangeAsync("violet tractor lantern");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        await SignedInClientAsync(hub, member.Email!, "violet tractor lantern");
    }

    [Fact]
    public async Task The_passwords_the_tests_and_demo_sites_use_meet_the_policy()
    {
        var hub = await hubs.GetAsync("Sqlite");
        string[] passwords =
        [
            HubFactory.AdminPassword, Password, "Browser-Admin-Passw0rd", "Bench-Admin-Passw0rd", "Journey-Passw0rd",
            "Invitee-Passw0rd", "Correct-Horse-42-battery", AdminBootstrapService.GeneratePassword(),
        ];
        await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            foreach (var password in passwords)
            {
                foreach (var validator in users.PasswordValidators)
                {
                    var result = await validator.ValidateAsync(users, new HubUser(), password);
                    Assert.True(result.Succeeded, $"{password}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
                }
            }

            foreach (var weak in new[] { "Password123", "Qwerty123456" })
            {
                var results = await Task.WhenAll(users.PasswordValidators.Select(v => v.ValidateAsync(users, new HubUser(), weak)));
                Assert.Contains(results, r => !r.Succeeded);
            }
        });
    }
}
