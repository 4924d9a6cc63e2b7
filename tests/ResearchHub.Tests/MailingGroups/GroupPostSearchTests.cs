using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.MailingGroups;
using ResearchHub.Search.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// Group posts feed the search index in the post's own transaction, with the group as their
/// audience: members of the group and administrators find them; a non-member never sees one (not
/// in results, not in the count, not on the page), nor does a member who has left. Held posts are
/// not indexed until approved; a rebuild lists the same documents.
/// </summary>
public sealed class GroupPostSearchTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_post_is_indexed_with_its_group_as_audience_and_never_reaches_non_members(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        await using var hub = Hub(storage, Clock());
        await hub.StartAsync();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var member = await CreateUserAsync(hub, HubRoles.Member, null);
        var author = await CreateUserAsync(hub, HubRoles.Member, null);
        var outsider = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await CreateGroupAsync(hub, $"Exchange {word}");
        var otherGroupId = await CreateGroupAsync(hub, $"Elsewhere {word}");
        await AddMemberAsync(hub, groupId, member.Id);
        await AddMemberAsync(hub, groupId, author.Id);
        await AddMemberAsync(hub, otherGroupId, outsider.Id);
        var threadId = await PostAsync(hub, groupId, author.Id, $"Fieldwork notes {word}", $"The interviews in {word} went well.");
        var replyId = await PostAsync(hub, groupId, member.Id, "", $"Thanks, {word} is useful.", threadId);

        // The documents, as written in the posts' transactions.
        var documents = await hub.WithDbAsync(db => db.Database
            .SqlQueryRaw<DocumentRow>("SELECT \"Key\", \"Title\", \"Url\", \"Audience\", \"Visibility\" FROM \"SearchDocuments\" WHERE \"Type\" = 'group-post' ORDER BY \"Key\"")
            .ToListAsync());
        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.Equal($"mailing-group:{groupId}", d.Audience));
        var slug = await hub.WithDbAsync(db => db.Set<MailingGroup>().Where(g => g.Id == groupId).Select(g => g.Slug).SingleAsync());
        Assert.Contains(documents, d => d.Key == $"{threadId}" && d.Title == $"Fieldwork notes {word}" && d.Url == MailingGroupsUrls.Post(slug, threadId, threadId));
        Assert.Contains(documents, d => d.Key == $"{replyId}" && d.Title == $"Re: Fieldwork notes {word}" && d.Url == MailingGroupsUrls.Post(slug, threadId, replyId));

        var admin = await hub.WithScopeAsync(async sp => await sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));
        var viewers = new (string Name, HttpClient Api, HttpClient Browser, int Sees)[]
        {
            ("anonymous", ApiClient(hub, null), hub.CreateBrowserClient(), 0),
            ("member of another group", ApiClient(hub, await CreateTokenAsync(hub, outsider, false, "read")), await SignInAsync(hub, outsider), 0),
            ("member of the group", ApiClient(hub, await CreateTokenAsync(hub, member, false, "read")), await SignInAsync(hub, member), 2),
            ("administrator", ApiClient(hub, await CreateTokenAsync(hub, admin!, true, "read")), await SignInAdminAsync(hub), 2),
        };
        foreach (var viewer in viewers)
        {
            var result = await ApiAsync(viewer.Api, word);
            Assert.True(viewer.Sees == result.GetProperty("total").GetInt32(), $"{viewer.Name}: total {result.GetProperty("total")}");
            Assert.Equal(viewer.Sees, Titles(result).Count(t => t.Contains("Fieldwork notes", StringComparison.Ordinal)));
            var (page, titles) = await PageAsync(viewer.Browser, word);
            Assert.Equal(viewer.Sees, titles.Count);
            Assert.True(viewer.Sees == 0 || page.Html.Contains($"{viewer.Sees} result", StringComparison.Ordinal), viewer.Name);
            Assert.True(viewer.Sees > 0 || !page.Html.Contains("Fieldwork notes", StringComparison.Ordinal), $"{viewer.Name} saw the post on the page");
        }

        // Leaving the group takes the posts out of the member's results at once.
        await hub.WithDbAsync(db => db.Set<GroupMembership>().Where(m => m.GroupId == groupId && m.UserId == member.Id).ExecuteDeleteAsync());
        Assert.Equal(0, (await ApiAsync(viewers[2].Api, word)).GetProperty("total").GetInt32());

        // A rebuild from the data lists the same documents.
        await hub.WithScopeAsync(sp => sp.GetRequiredService<ReindexService>().RebuildAsync(null, default));
        var rebuilt = await hub.WithDbAsync(db => db.Database
            .SqlQueryRaw<DocumentRow>("SELECT \"Key\", \"Title\", \"Url\", \"Audience\", \"Visibility\" FROM \"SearchDocuments\" WHERE \"Type\" = 'group-post' ORDER BY \"Key\"")
            .ToListAsync());
        Assert.Equal(documents, rebuilt);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_held_post_is_indexed_when_approved_and_a_rejected_one_never(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        await using var hub = Hub(storage, Clock());
        await hub.StartAsync();
        var word = "zq" + Guid.NewGuid().ToString("N")[..10];
        var author = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await hub.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<GroupService>().CreateAsync($"Moderated {word}", $"m-{word}", "", JoinPolicy.Open, PostPolicy.Members, true, "", default);
            return result.Id!.Value;
        });
        await AddMemberAsync(hub, groupId, author.Id);
        var kept = await PostAsync(hub, groupId, author.Id, $"Kept {word}", "To approve.");
        var dropped = await PostAsync(hub, groupId, author.Id, $"Dropped {word}", "To reject.");
        var admin = ApiClient(hub, await CreateTokenAsync(hub,
            (await hub.WithScopeAsync(async sp => await sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail)))!, true, "read"));
        Assert.Equal(0, (await ApiAsync(admin, word)).GetProperty("total").GetInt32());

        await hub.WithScopeAsync(async sp =>
        {
            var groups = sp.GetRequiredService<GroupService>();
            var group = await sp.GetRequiredService<ResearchHub.Core.Data.HubDbContext>().Set<MailingGroup>().AsNoTracking().SingleAsync(g => g.Id == groupId);
            Assert.True((await groups.ModerateAsync(group, kept, true, null, default)).Succeeded);
            Assert.True((await groups.ModerateAsync(group, dropped, false, "Off topic.", default)).Succeeded);
        });

        var result = await ApiAsync(admin, word);
        Assert.Equal([$"Kept {word}"], Titles(result));
        Assert.Equal(1, result.GetProperty("total").GetInt32());
    }

    private sealed record DocumentRow(string Key, string Title, string Url, string? Audience, int Visibility);
}
