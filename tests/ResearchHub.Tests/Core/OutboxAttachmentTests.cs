using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Data;
using ResearchHub.Core.Email;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Core;

/// <summary>Attachments travel with the outbox row; a dedup key makes a second copy impossible.</summary>
public sealed class OutboxAttachmentTests(HubFactoryFixture hubs) : IClassFixture<HubFactoryFixture>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_attachment_arrives_intact_beside_the_text_and_html_parts(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var to = $"attachment-{Guid.NewGuid():N}@example.org";
        const string calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";

        await hub.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<MailOutbox>().Enqueue("test", new EmailMessage(to, "With a calendar", "Text body", "<p>HTML body</p>",
                Attachments: [new EmailAttachment("meeting.ics", "text/calendar; method=REQUEST", Encoding.UTF8.GetBytes(calendar))]));
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
        });

        var mail = await MailCatcher.Shared.WaitForMessageToAsync(to);
        Assert.Equal("multipart/mixed", mail.ContentType);
        Assert.Equal("Text body", mail.Text?.Trim());
        Assert.Equal("<p>HTML body</p>", mail.Html?.Trim());
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal("meeting.ics", attachment.Filename);
        Assert.Equal("text/calendar", attachment.ContentType);
        Assert.Equal("REQUEST", attachment.Params["method"]);
        Assert.Equal(calendar, attachment.Text);
        Assert.Empty(mail.Defects);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_second_message_with_the_same_dedup_key_cannot_be_written(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var key = $"reminder:{Guid.NewGuid():N}";
        var to = $"dedup-{Guid.NewGuid():N}@example.org";

        async Task EnqueueAsync() => await hub.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<MailOutbox>().Enqueue("reminder", new EmailMessage(to, "Once", "Only once"), key);
            await sp.GetRequiredService<HubDbContext>().SaveChangesAsync();
        });

        await EnqueueAsync();
        await Assert.ThrowsAsync<DbUpdateException>(EnqueueAsync);

        Assert.Equal(1, await hub.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DedupKey == key)));
        await MailCatcher.Shared.WaitForMessageToAsync(to);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await MailCatcher.Shared.MessagesToAsync(to));
    }
}
