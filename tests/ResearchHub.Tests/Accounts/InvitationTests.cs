using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Accounts.AccountTestHelpers;

namespace ResearchHub.Tests.Accounts;

/// <summary>Hubs with a clock the tests move (invitations expire after 7 days).</summary>
public sealed class InvitationHubs : HubFactoryFixture
{
    public TestClock Clock { get; } = new();

    protected override void Configure(HubFactory factory) =>
        factory.WithServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>
/// Invitations end to end through the admin page, the real SMTP server and the accept page: the
/// mail as a MIME parser sees it, single use, and forged or expired links that create nothing.
/// </summary>
public sealed partial class InvitationTests(InvitationHubs hubs) : IClassFixture<InvitationHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_invitation_arrives_as_multipart_mail_and_its_link_creates_the_member_once(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var organisationId = await hub.WithDbAsync(async db =>
        {
            var organisation = new Organisation { Name = $"Evaluation partner {Guid.NewGuid():N}", Kind = OrganisationKind.ResearchPartner };
            db.Set<Organisation>().Add(organisation);
            await db.SaveChangesAsync();
            return organisation.Id;
        });
        var email = UniqueEmail("invitee");
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);

        using var sent = await admin.PostFormAsync("/admin/invitations", MainForm, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Role"] = HubRoles.PartnerEditor,
            ["Input.OrganisationId"] = organisationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var list = await admin.GetDocumentAsync("/admin/invitations");
        Assert.Contains($"An invitation has been sent to {email}", list.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(email);
        Assert.Equal("multipart/alternative", mail.ContentType);
        Assert.Equal(["text/plain", "text/html"], mail.Parts);
        Assert.Matches("^<[^@>]+@[^>]+>$", mail.MessageId);
        Assert.False(string.IsNullOrEmpty(mail.DateIso));
        Assert.Single(mail.From);
        Assert.Equal([email], mail.To);
        Assert.Empty(mail.Defects);
        var link = AcceptLink().Match(mail.Text!).Value;
        Assert.Contains(link, mail.Html!, StringComparison.Ordinal);
        var path = new Uri(link).PathAndQuery;

        var invitee = hub.CreateBrowserClient();
        var acceptPage = await invitee.GetDocumentAsync(path);
        Assert.Contains(email, acceptPage.QuerySelector(".summary-list")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Partner editor", acceptPage.QuerySelector(".summary-list")!.TextContent, StringComparison.Ordinal);

        using var accepted = await invitee.PostFormAsync(path, new Dictionary<string, string>
        {
            ["DisplayName"] = "Dr Sam Invitee",
            ["Password"] = "Invitee-Passw0rd",
            ["ConfirmPassword"] = "Invitee-Passw0rd",
        });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Headers.Location?.OriginalString);

        var (user, roles) = await hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var found = (await users.FindByEmailAsync(email))!;
            return (found, await users.GetRolesAsync(found));
        });
        Assert.Equal("Dr Sam Invitee", user.DisplayName);
        Assert.Equal(organisationId, user.OrganisationId);
        Assert.Equal([HubRoles.PartnerEditor], roles);
        await SignedInClientAsync(hub, email, "Invitee-Passw0rd");

        // The link works once: a second use explains and creates nothing.
        var again = hub.CreateBrowserClient();
        var reuse = await again.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.Response.StatusCode);
        Assert.Contains("already been used", reuse.Document.QuerySelector("#invitation-problem")?.TextContent, StringComparison.Ordinal);
        Assert.Null(reuse.Document.QuerySelector("form input[name=Password]"));
        Assert.Equal(1, await hub.WithDbAsync(db => db.Set<HubUser>().CountAsync(u => u.Email == email)));
        var audit = await hub.WithDbAsync(db => db.Set<AuditEntry>().Where(a => a.Target == email).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.InvitationSent, audit);
        Assert.Contains(AuditActions.InvitationAccepted, audit);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_forged_or_expired_invitation_shows_a_clear_page_and_creates_nothing(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var usersBefore = await hub.WithDbAsync(db => db.Set<HubUser>().CountAsync());
        var client = hub.CreateBrowserClient();

        var forged = await client.GetPageAsync("/account/accept-invitation?token=forged-token-we-never-sent");
        Assert.Equal(HttpStatusCode.BadRequest, forged.Response.StatusCode);
        Assert.Contains("not one we sent", forged.Document.QuerySelector("#invitation-problem")?.TextContent, StringComparison.Ordinal);

        var missing = await client.GetPageAsync("/account/accept-invitation");
        Assert.Contains("incomplete", missing.Document.QuerySelector("#invitation-problem")?.TextContent, StringComparison.Ordinal);

        // A POST with a forged token (and a valid antiforgery token from the page) creates nothing.
        var token = forged.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        var antiforgery = token ?? (await client.GetDocumentAsync("/account/sign-in"))
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = await client.PostAsync(new Uri("/account/accept-invitation?token=forged", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = antiforgery,
                ["DisplayName"] = "Mallory",
                ["Password"] = "Mallory-Passw0rd",
                ["ConfirmPassword"] = "Mallory-Passw0rd",
            }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);

        // Expired: invited now, opened eight days later.
        var email = UniqueEmail("late");
        var result = await hub.WithScopeAsync(sp => sp.GetRequiredService<ResearchHub.Accounts.Services.InvitationService>()
            .InviteAsync(email, HubRoles.Member, null, null, CancellationToken.None));
        Assert.True(result.Succeeded);
        var mail = await MailCatcher.Shared.WaitForMessageToAsync(email);
        var path = new Uri(AcceptLink().Match(mail.Text!).Value).PathAndQuery;
        hubs.Clock.Advance(TimeSpan.FromDays(8));
        try
        {
            var expired = await client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, expired.Response.StatusCode);
            Assert.Contains("expired", expired.Document.QuerySelector("#invitation-problem")?.TextContent, StringComparison.Ordinal);
            using var late = await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = antiforgery,
                ["DisplayName"] = "Late Comer",
                ["Password"] = "Late-Comer-Passw0rd",
                ["ConfirmPassword"] = "Late-Comer-Passw0rd",
            }));
            Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        }
        finally
        {
            hubs.Clock.Advance(TimeSpan.FromDays(-8));
        }

        Assert.Equal(usersBefore, await hub.WithDbAsync(db => db.Set<HubUser>().CountAsync()));
    }

    [Theory]
    [InlineData("Sqlite")]
    public async Task Inviting_a_bad_address_or_an_existing_member_explains_and_sends_nothing(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var admin = await SignedInClientAsync(hub, HubFactory.AdminEmail, HubFactory.AdminPassword);
        var before = await hub.WithDbAsync(db => db.Set<Invitation>().CountAsync());

        using var bad = await admin.PostFormAsync("/admin/invitations", MainForm, new Dictionary<string, string> { ["Input.Email"] = "not an address" });
        Assert.Contains("Enter an email address like name@example.org", await ErrorSummaryAsync(bad), StringComparison.Ordinal);

        using var existing = await admin.PostFormAsync("/admin/invitations", MainForm, new Dictionary<string, string> { ["Input.Email"] = HubFactory.AdminEmail });
        Assert.Contains("is already a member", await ErrorSummaryAsync(existing), StringComparison.Ordinal);

        Assert.Equal(before, await hub.WithDbAsync(db => db.Set<Invitation>().CountAsync()));
    }

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex AcceptLink();
}
