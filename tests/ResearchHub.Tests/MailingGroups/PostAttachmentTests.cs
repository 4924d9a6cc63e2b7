using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.MailingGroups;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// Files on posts from the site: a member starts a thread with a CSV and a PNG; the thread lists
/// them and members download them as attachments (nosniff); a signed-in member outside the group
/// gets 404 and an anonymous visitor is sent to sign in; a member who takes each post finds the
/// links in the mail; a file whose bytes are not an allowed type, and a file over the size limit,
/// refuse the reply with the reason and leave no post and no file.
/// </summary>
public sealed class PostAttachmentTests
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Files_posted_on_the_site_are_checked_listed_mailed_as_links_and_downloaded_only_by_those_who_may_read_the_thread(string provider)
    {
        await using var storage = await HubStorage.CreateAsync(provider);
        var clock = Clock();
        await using var hub = Hub(storage, clock).WithPickupMail().WithSetting("Hub:MailingGroups:MaxAttachmentBytes", "4000");
        await hub.StartAsync();
        var poster = await CreateUserAsync(hub, HubRoles.Member, null);
        var reader = await CreateUserAsync(hub, HubRoles.Member, null);
        var outsider = await CreateUserAsync(hub, HubRoles.Member, null);
        var groupId = await CreateGroupAsync(hub, "Data exchange");
        var slug = await hub.WithDbAsync(db => db.Set<MailingGroup>().Where(g => g.Id == groupId).Select(g => g.Slug).SingleAsync());
        await AddMemberAsync(hub, groupId, poster.Id);
        await AddMemberAsync(hub, groupId, reader.Id, DeliveryMode.EachPost);

        var csv = Encoding.UTF8.GetBytes("site,contacts\nDerby,120\nThurrock,85\n");
        var client = await SignInAsync(hub, poster);
        long threadId;
        using (var posted = await PostMultipartFormAsync(client, MailingGroupsUrls.Group(slug),
            new() { ["Input.Subject"] = "Contact figures", ["Input.Body"] = "The **figures** for March." }, "Files", ("contacts.csv", csv), ("map.png", Png)))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            threadId = long.Parse(posted.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        }

        var files = await hub.WithDbAsync(db => db.Set<PostAttachment>().AsNoTracking().Where(a => a.PostId == threadId).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["contacts.csv", "map.png"], files.Select(f => f.FileName));
        Assert.Equal(["text/csv", "image/png"], files.Select(f => f.ContentType));

        // The reader sees the files in the thread and downloads one, as an attachment.
        var readerClient = await SignInAsync(hub, reader);
        var thread = await readerClient.GetDocumentAsync(MailingGroupsUrls.Thread(slug, threadId));
        var links = thread.QuerySelectorAll($"article#post-{threadId} a[download]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([MailingGroupsUrls.Attachment(slug, files[0].Id), MailingGroupsUrls.Attachment(slug, files[1].Id)], links);
        using (var download = await readerClient.GetAsync(new Uri(links[0]!, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(csv, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("contacts.csv", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
            Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        }

        // Outside the group: 404 for a member, sign-in for an anonymous visitor.
        using (var refused = await (await SignInAsync(hub, outsider)).GetAsync(new Uri(links[0]!, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using (var anonymous = await hub.CreateBrowserClient().GetAsync(new Uri(links[0]!, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/account/sign-in", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        // The reader's mail links to the files.
        var mailText = await hub.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == DigestService.PostKind && m.To == reader.Email).Select(m => m.TextBody).SingleAsync());
        Assert.Contains($"- contacts.csv ({csv.Length} bytes): http", mailText, StringComparison.Ordinal);
        Assert.Contains(MailingGroupsUrls.Attachment(slug, files[0].Id), mailText, StringComparison.Ordinal);

        // A program disguised as a CSV, and a file over the limit: the reply is refused, nothing saved.
        var before = await hub.WithDbAsync(db => db.Set<GroupPost>().CountAsync());
        using (var disguised = await PostMultipartFormAsync(client, MailingGroupsUrls.Thread(slug, threadId), new() { ["Body"] = "Here is the tool." }, "Files",
            ("tool.csv", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
            var page = await disguised.ReadPageAsync();
            Assert.Contains("tool.csv was not attached", page.Html, StringComparison.Ordinal);
        }

        using (var large = await PostMultipartFormAsync(client, MailingGroupsUrls.Thread(slug, threadId), new() { ["Body"] = "A big one." }, "Files",
            ("big.csv", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a,b\n", 2000))))))
        {
            Assert.Equal(HttpStatusCode.Redirect, large.StatusCode);
            var page = await client.GetPageAsync(large.Headers.Location!.ToString());
            Assert.Contains("A file is too large: the limit is 4 KB per file. Nothing was posted.", page.Html, StringComparison.Ordinal);
        }

        Assert.Equal(before, await hub.WithDbAsync(db => db.Set<GroupPost>().CountAsync()));
        Assert.Equal(2, await hub.WithDbAsync(db => db.Set<PostAttachment>().CountAsync()));

        // A reply with a file only (no words) is a post too.
        using (var fileOnly = await PostMultipartFormAsync(client, MailingGroupsUrls.Thread(slug, threadId), new() { ["Body"] = "" }, "Files", ("april.csv", csv)))
        {
            Assert.Equal(HttpStatusCode.Redirect, fileOnly.StatusCode);
        }

        Assert.Contains("april.csv", (await readerClient.GetPageAsync(MailingGroupsUrls.Thread(slug, threadId))).Html, StringComparison.Ordinal);
    }
}
