using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;
using static ResearchHub.Tests.Meetings.MeetingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// A digest holds only what its member may see at send time, per role: never a post of a group they
/// are not in, a draft, or another organisation's organisation-only resource, nor a meeting their
/// role does not show them. Read from the outbox rows the real sender wrote (text and HTML parts).
/// </summary>
public sealed class DigestLeakTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Each_role_gets_only_what_it_may_see(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock);
        await hub.StartAsync();
        var orgA = await CreateOrganisationAsync(hub);
        var orgB = await CreateOrganisationAsync(hub);
        var member = await CreateUserAsync(hub, HubRoles.Member, orgA.Id);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, orgA.Id);
        var organiser = await CreateUserAsync(hub, HubRoles.Organiser, orgB.Id);
        var editorB = await CreateUserAsync(hub, HubRoles.PartnerEditor, orgB.Id);
        // A member whose role was taken away: signed-in, but no network meetings.
        var noRole = await CreateUserAsync(hub, HubRoles.Member, orgA.Id);
        await hub.WithDbAsync(async db =>
        {
            var roles = db.Set<Microsoft.AspNetCore.Identity.IdentityUserRole<string>>();
            roles.RemoveRange(await roles.Where(r => r.UserId == noRole.Id).ToListAsync());
            await db.SaveChangesAsync();
        });

        var open = await CreateGroupAsync(hub, "Open group");
        var closed = await CreateGroupAsync(hub, "Closed group");
        foreach (var u in new[] { member, editor, organiser, noRole })
        {
            await AddMemberAsync(hub, open, u.Id);
        }

        await AddMemberAsync(hub, open, editorB.Id);
        await AddMemberAsync(hub, closed, editorB.Id, moderator: true);

        clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(hub, open, editorB.Id, "Open thread LEAK-OK-POST", "For everyone in the open group.");
        await PostAsync(hub, closed, editorB.Id, "Closed thread LEAK-CLOSED-POST", "Only for the closed group.");
        await CreateResourceAsync(hub, "LEAK-A-ORG resource", orgA.Id, ResourceVisibility.Organisation);
        await CreateResourceAsync(hub, "LEAK-B-ORG resource", orgB.Id, ResourceVisibility.Organisation);
        await CreateResourceAsync(hub, "LEAK-B-DRAFT resource", orgB.Id, ResourceVisibility.Draft, createdById: editorB.Id);
        await CreateResourceAsync(hub, "LEAK-NETWORK resource", orgB.Id, ResourceVisibility.Network);
        var local = clock.GetUtcNow().AddDays(10).DateTime;
        await CreateMeetingAsync(hub, "LEAK-NETWORK-MEETING", local, local.AddHours(2), "UTC", visibility: MeetingVisibility.Network);
        await CreateMeetingAsync(hub, "LEAK-PUBLIC-MEETING", local, local.AddHours(2), "UTC", visibility: MeetingVisibility.Public);

        clock.Advance(TimeSpan.FromDays(7));
        var run = await SendDueAsync(hub);
        Assert.True(run.LeaseHeld);

        async Task<string> DigestOf(HubUser u)
        {
            var row = Assert.Single(await DigestsAsync(hub, u.Email!));
            Assert.Contains("LEAK-OK-POST", row.TextBody, StringComparison.Ordinal);
            return row.TextBody + row.HtmlBody;
        }

        foreach (var (user, seesA, seesB, seesNetworkMeeting) in new[]
        {
            (member, true, false, true),
            (editor, true, false, true),
            (organiser, false, true, true),
            (noRole, true, false, false),
        })
        {
            var digest = await DigestOf(user);
            Assert.DoesNotContain("LEAK-CLOSED-POST", digest, StringComparison.Ordinal);
            Assert.DoesNotContain("LEAK-B-DRAFT", digest, StringComparison.Ordinal);
            Assert.Equal(seesA, digest.Contains("LEAK-A-ORG", StringComparison.Ordinal));
            Assert.Equal(seesB, digest.Contains("LEAK-B-ORG", StringComparison.Ordinal));
            Assert.Contains("LEAK-NETWORK resource", digest, StringComparison.Ordinal);
            Assert.Equal(seesNetworkMeeting, digest.Contains("LEAK-NETWORK-MEETING", StringComparison.Ordinal));
            Assert.Contains("LEAK-PUBLIC-MEETING", digest, StringComparison.Ordinal);
        }

        // The poster of both threads: the closed group's digest is theirs, but holds only their own post (not news), so none is sent.
        Assert.All(await DigestsAsync(hub, editorB.Email!), d => Assert.DoesNotContain("LEAK-CLOSED-POST", d.TextBody, StringComparison.Ordinal));

        // The administrator's preview for a member is the same composition, and refused for a non-member.
        await hub.WithScopeAsync(async sp =>
        {
            var digests = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DigestService>(sp);
            Assert.Null(await digests.PreviewAsync(closed, member.Id, default));
        });
    }
}
