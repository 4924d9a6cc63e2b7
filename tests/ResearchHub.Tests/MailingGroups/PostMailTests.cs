using System.Net;
using System.Security.Cryptography;
using MimeKit;
using MimeKit.Cryptography;
using ResearchHub.Core.Email;
using ResearchHub.Core.Modules;
using ResearchHub.MailingGroups.Domain;
using ResearchHub.MailingGroups.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.MailingGroups.MailingTestHelpers;

namespace ResearchHub.Tests.MailingGroups;

/// <summary>
/// Each post as it is mailed, through the outbox to the real SMTP server and read by Python's email
/// package: a stable Message-ID per post, a reply pointing at its thread (In-Reply-To, References),
/// the list headers, and a DKIM signature that MimeKit's verifier accepts with the public key taken
/// from the TXT record the admin mail page tells the administrator to publish.
/// </summary>
public sealed class PostMailTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_mailed_post_and_its_reply_thread_carry_list_headers_and_a_valid_dkim_signature(string provider)
    {
        var keyFolder = Directory.CreateTempSubdirectory("hub-test-dkim-").FullName;
        try
        {
            var keyFile = Path.Combine(keyFolder, "dkim.pem");
            using (var rsa = RSA.Create(2048))
            {
                await File.WriteAllTextAsync(keyFile, rsa.ExportRSAPrivateKeyPem());
            }

            await using var storage = await HubStorage.CreateAsync(provider);
            await using var hub = Hub(storage, Clock())
                .WithSetting("Hub:Mail:Dkim:Domain", "researchhub.localhost")
                .WithSetting("Hub:Mail:Dkim:Selector", "hub2026")
                .WithSetting("Hub:Mail:Dkim:KeyFile", keyFile);
            await hub.StartAsync();
            var reader = await CreateUserAsync(hub, HubRoles.Member, null);
            var poster = await CreateUserAsync(hub, HubRoles.Member, null);
            var groupId = await CreateGroupAsync(hub, "Research and knowledge exchange");
            await AddMemberAsync(hub, groupId, reader.Id, DeliveryMode.EachPost);
            await AddMemberAsync(hub, groupId, poster.Id, DeliveryMode.EachPost);

            var threadId = await PostAsync(hub, groupId, poster.Id, "Evaluation framework draft", "Please read the **draft**.");
            var first = await MailCatcher.Shared.WaitForMessageToAsync(reader.Email!, TimeSpan.FromSeconds(30));
            var replyId = await PostAsync(hub, groupId, poster.Id, "Re: Evaluation framework draft", "A second thought.", threadId);
            var mails = await Poll.ForAsync(async () =>
            {
                var all = await MailCatcher.Shared.MessagesToAsync(reader.Email!);
                return all.Count == 2 ? all : null;
            }, "the reply's email", TimeSpan.FromSeconds(30));
            var reply = mails.Single(m => m.File != first.File);

            var slug = await hub.WithDbAsync(db => Task.FromResult(db.Set<MailingGroup>().Single(g => g.Id == groupId).Slug));
            Assert.Equal(PostMessageIds.For(threadId, slug, "researchhub.localhost"), first.MessageId);
            Assert.Empty(first.Header("In-Reply-To"));
            Assert.Equal(PostMessageIds.For(replyId, slug, "researchhub.localhost"), reply.MessageId);
            Assert.Equal(first.MessageId, Assert.Single(reply.Header("In-Reply-To")));
            Assert.Equal(first.MessageId, Assert.Single(reply.Header("References")));
            foreach (var mail in (ParsedMail[])[first, reply])
            {
                Assert.Empty(mail.Defects);
                Assert.Matches($@"^""Research and knowledge exchange"" <{slug}\.groups\.researchhub\.localhost>$", Assert.Single(mail.Header("List-Id")));
                Assert.Matches(@"^<https?://[^>]+/groups/unsubscribe/[A-Za-z0-9_-]+>, <mailto:[^>]+\?subject=unsubscribe>$", Assert.Single(mail.Header("List-Unsubscribe")));
                Assert.Equal("List-Unsubscribe=One-Click", Assert.Single(mail.Header("List-Unsubscribe-Post")));
                Assert.Contains("d=researchhub.localhost", Assert.Single(mail.Header("DKIM-Signature")), StringComparison.Ordinal);
            }

            // The record the admin page shows is the key receivers will use.
            var admin = await SignInAdminAsync(hub);
            var page = await admin.GetPageAsync("/admin/mail");
            Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
            var name = page.Document.QuerySelector("#dkim-name")!.TextContent;
            var value = page.Document.QuerySelector("#dkim-value")!.TextContent;
            Assert.Equal("hub2026._domainkey.researchhub.localhost", name);
            var verifier = new DkimVerifier(new RecordLocator(name, value));
            foreach (var mail in (ParsedMail[])[first, reply])
            {
                var message = await MimeMessage.LoadAsync(mail.File);
                var signature = message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)];
                Assert.True(await verifier.VerifyAsync(message, signature), $"DKIM signature of {mail.File}");

                // A changed body no longer verifies: the check can fail.
                ((TextPart)message.BodyParts.OfType<TextPart>().First()).Text = "Something else entirely.";
                Assert.False(await verifier.VerifyAsync(message, signature));
            }
        }
        finally
        {
            Directory.Delete(keyFolder, recursive: true);
        }
    }

    /// <summary>Answers the DKIM key lookup from the TXT record the admin page shows, as DNS would.</summary>
    private sealed class RecordLocator(string name, string txt) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            $"{selector}._domainkey.{domain}" == name ? GetPublicKey(txt) : throw new InvalidOperationException($"No record for {selector}._domainkey.{domain}");

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
