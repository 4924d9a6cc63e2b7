using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>The profile page's two forms, each on its own: details and password.</summary>
public sealed class ProfileTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    private const string DetailsForm = "form[action$='handler=Details']";
    private const string PasswordForm = "form[action$='handler=Password']";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Save_details_changes_the_name_without_asking_for_passwords(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        using var saved = await client.PostFormAsync("/account/profile", DetailsForm, new Dictionary<string, string> { ["Details.DisplayName"] = "  Dr Sam Patel " });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Dr Sam Patel", await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == member.Id).Select(u => u.DisplayName).SingleAsync()));
        var page = await client.GetDocumentAsync("/account/profile");
        Assert.Contains("Your details have been saved", page.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Dr Sam Patel", page.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Change_password_changes_it_without_asking_for_the_name(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        using var changed = await client.PostFormAsync("/account/profile", PasswordForm, new Dictionary<string, string>
        {
            ["ChangePassword.Current"] = Password,
            ["ChangePassword.New"] = "violet tractor lantern",
            ["ChangePassword.Confirm"] = "violet tractor lantern",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var page = await client.GetDocumentAsync("/account/profile");
        Assert.Contains("Your password has been changed", page.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        await SignedInClientAsync(hub, member.Email!, "violet tractor lantern");
        using var old = await PostSignInAsync(hub.CreateBrowserClient(), member.Email!, Password);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Each_form_reports_only_its_own_problems(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var member = await CreateMemberAsync(hub, HubRoles.Member);
        var client = await SignedInClientAsync(hub, member.Email!, Password);

        using var noName = await client.PostFormAsync("/account/profile", DetailsForm, new Dictionary<string, string> { ["Details.DisplayName"] = "" });
        var nameErrors = await ErrorSummaryAsync(noName);
        Assert.Contains("Enter your name", nameErrors, StringComparison.Ordinal);
        Assert.DoesNotContain("password", nameErrors, StringComparison.OrdinalIgnoreCase);

        using var wrong = await client.PostFormAsync("/account/profile", PasswordForm, new Dictionary<string, string>
        {
            ["ChangePassword.Current"] = "not-my-password-at-all",
            ["ChangePassword.New"] = "violet tractor lantern",
            ["ChangePassword.Confirm"] = "violet tractor lantern",
        });
        var passwordErrors = await ErrorSummaryAsync(wrong);
        Assert.Contains("Your current password is not right", passwordErrors, StringComparison.Ordinal);
        Assert.DoesNotContain("Enter your name", passwordErrors, StringComparison.Ordinal);
        Assert.Equal("Test Member", await hub.WithDbAsync(db => db.Set<HubUser>().Where(u => u.Id == member.Id).Select(u => u.DisplayName).SingleAsync()));
    }
}
