using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Digests;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Meetings;
using ResearchHub.Meetings.Domain;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// The digest's sections come from the modules that own them (<see cref="IDigestSection"/>): the
/// Library's new resources on the group's topics, Meetings' upcoming meetings and the date polls
/// awaiting the member's answer, in that order, each cut per member by its module's own rule. A
/// poll is in the digest of an invitee who has not answered it, and of no one else; a resource off
/// the group's topics is in no one's; sections that are not news do not make a digest worth
/// sending. (Visibility by role and organisation through the same path: <see cref="DigestLeakTests"/>.)
/// </summary>
public sealed class DigestSectionsTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_modules_section_reaches_only_the_members_it_is_for(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock);
        await hub.StartAsync();

        var keys = await hub.WithScopeAsync(sp => Task.FromResult(sp.GetServices<IDigestSection>()
            .OrderBy(s => s.Order).Select(s => (s.Key, s.IsNews)).ToList()));
        Assert.Equal([("library", true), ("meetings", false), ("polls", false)], keys);

        var poster = await CreateUserAsync(hub, HubRoles.Member, null);
        var invited = await CreateUserAsync(hub, HubRoles.Member, null);
        var answered = await CreateUserAsync(hub, HubRoles.Member, null);
        var outsider = await CreateUserAsync(hub, HubRoles.Member, null);
        var topic = $"topic-{Guid.NewGuid():N}"[..20];
        var other = $"other-{Guid.NewGuid():N}"[..20];
        var (onTopic, offTopic) = await hub.WithDbAsync(async db =>
        {
            var on = new VocabularyTerm { Vocabulary = Vocabularies.PracticeAreas, Key = topic, Label = "On topic" };
            var off = new VocabularyTerm { Vocabulary = Vocabularies.PracticeAreas, Key = other, Label = "Off topic" };
            db.AddRange(on, off);
            await db.SaveChangesAsync();
            return (on.Id, off.Id);
        });

        Task<long> GroupAsync(string name, string topics) => hub.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<GroupService>().CreateAsync(name, $"g-{Guid.NewGuid():N}"[..14], "On one topic.", JoinPolicy.Open, PostPolicy.Members, false, topics, default);
            Assert.True(result.Succeeded, result.Error);
            return result.Id!.Value;
        });
        var group = await GroupAsync("Topical group", topic);
        // A group with nothing new on its topic: the poll awaiting the invitee is not news, so no digest goes out for it.
        var quiet = await GroupAsync("Quiet group", $"quiet-{Guid.NewGuid():N}"[..20]);
        await AddMemberAsync(hub, group, poster.Id, DeliveryMode.None);
        foreach (var u in new[] { invited, answered, outsider })
        {
            await AddMemberAsync(hub, group, u.Id);
        }

        await AddMemberAsync(hub, quiet, invited.Id);

        clock.Advance(TimeSpan.FromHours(1));
        await PostAsync(hub, group, poster.Id, "Topical thread SECTION-POST", "News for the group.");
        await CreateResourceAsync(hub, "SECTION-ON-TOPIC resource", null, ResourceVisibility.Network, configure: i => i.TermIds = [onTopic]);
        await CreateResourceAsync(hub, "SECTION-OFF-TOPIC resource", null, ResourceVisibility.Network, configure: i => i.TermIds = [offTopic]);
        await CreateResourceAsync(hub, "SECTION-UNTAGGED resource", null, ResourceVisibility.Public);
        var (openPoll, closedPoll) = await hub.WithDbAsync(async db =>
        {
            DatePoll Poll(string title, PollStatus status) => new()
            {
                Title = title, Status = status, CreatedByUserId = poster.Id, CreatedAt = clock.GetUtcNow(),
                Slots = [new PollSlot { StartUtc = clock.GetUtcNow().AddDays(30), DurationMinutes = 60, TimeZoneId = "UTC" }],
            };
            var open = Poll("SECTION-OPEN-POLL", PollStatus.Open);
            var closed = Poll("SECTION-CLOSED-POLL", PollStatus.Closed);
            db.AddRange(open, closed);
            await db.SaveChangesAsync();
            db.AddRange(
                new PollInvitee { PollId = open.Id, UserId = invited.Id },
                new PollInvitee { PollId = open.Id, UserId = answered.Id },
                new PollInvitee { PollId = closed.Id, UserId = invited.Id });
            db.Add(new PollResponse { PollId = open.Id, UserId = answered.Id, UpdatedAt = clock.GetUtcNow(),
                Answers = [new PollAnswer { SlotId = open.Slots[0].Id, Choice = PollChoice.Yes }] });
            await db.SaveChangesAsync();
            return (open.Id, closed.Id);
        });

        clock.Advance(TimeSpan.FromDays(7));
        var run = await SendDueAsync(hub);
        Assert.True(run.LeaseHeld);

        async Task<string> DigestOf(string email)
        {
            var row = Assert.Single(await DigestsAsync(hub, email));
            Assert.Contains("SECTION-POST", row.TextBody, StringComparison.Ordinal);
            Assert.Contains("SECTION-POST", row.HtmlBody, StringComparison.Ordinal);
            return row.TextBody;
        }

        foreach (var (user, awaits) in new[] { (invited, true), (answered, false), (outsider, false) })
        {
            var text = await DigestOf(user.Email!);
            Assert.Contains("New and updated in the library (1)", text, StringComparison.Ordinal);
            Assert.Contains("SECTION-ON-TOPIC", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SECTION-OFF-TOPIC", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SECTION-UNTAGGED", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SECTION-CLOSED-POLL", text, StringComparison.Ordinal);
            Assert.Equal(awaits, text.Contains("SECTION-OPEN-POLL", StringComparison.Ordinal));
            Assert.Equal(awaits, text.Contains("Date polls awaiting your answer (1)", StringComparison.Ordinal));
            if (awaits)
            {
                // After the library's section (the modules' order), linking to the poll.
                Assert.True(text.IndexOf("Date polls awaiting", StringComparison.Ordinal) > text.IndexOf("SECTION-ON-TOPIC", StringComparison.Ordinal), text);
                Assert.Contains(MeetingsUrls.Poll(openPoll) + "\n", text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(MeetingsUrls.Poll(closedPoll) + "\n", text, StringComparison.Ordinal);
        }

        // The quiet group's digest to the invitee was composed (and recorded) but, holding only the poll, not sent.
        var quietRecord = await hub.WithDbAsync(db => db.Set<DigestRecord>().AsNoTracking().SingleAsync(r => r.GroupId == quiet && r.UserId == invited.Id));
        Assert.Null(quietRecord.OutboxDedupKey);
        Assert.Equal(0, quietRecord.Resources);
        Assert.Equal(1, (await hub.WithDbAsync(db => db.Set<DigestRecord>().AsNoTracking().SingleAsync(r => r.GroupId == group && r.UserId == invited.Id))).Resources);

        // The composer's own view of it: the preview holds the poll for the invitee and for no one else.
        var polls = await hub.WithScopeAsync(async sp =>
        {
            var digests = sp.GetRequiredService<DigestService>();
            var result = new List<IReadOnlyList<DigestItem>>();
            foreach (var user in new[] { invited, answered, outsider })
            {
                result.Add(Assert.IsType<DigestPreview>(await digests.PreviewAsync(group, user.Id, default)).Content.Items("polls"));
            }

            return result;
        });
        Assert.Equal(MeetingsUrls.Poll(openPoll), Assert.Single(polls[0]).Path);
        Assert.Empty(polls[1]);
        Assert.Empty(polls[2]);
    }
}
