using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Digests;
using ResearchHub.Core.Email;
using ResearchHub.Core.Web;
using ResearchHub.MailingGroups.Domain;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// Turns a digest (or one post) into a message: a plain-text part that reads well in a terminal and
/// an HTML part with inline styles only (no images, fonts or stylesheets to fetch: mail clients
/// block them and they would tell the sender who read what), with the RFC 2369 / 8058 list headers.
/// </summary>
public sealed class DigestRenderer(PublicUrls urls, UnsubscribeTokens tokens, IOptions<MailOptions> mail, GroupAddresses addresses)
{
    private const string Font = "font-family:Arial,Helvetica,sans-serif;";
    private const int MaxThreads = 25;
    private const int MaxItems = 15;

    /// <param name="cache">
    /// Renderings shared by members whose digests hold the same items (the digest run passes one
    /// per group snapshot): the sections are rendered once, and only the greeting, the unsubscribe
    /// link and the headers per member. Without it every part is rendered for this member alone.
    /// </param>
    public EmailMessage Digest(DigestContent digest, DigestRecipient to, DigestBodyCache? cache = null)
    {
        var group = digest.Group;
        var subject = $"[{group.Name}] {DigestPeriods.Describe(digest.Mode)}, Vol {digest.Period.Volume}, Issue {digest.Period.Issue}";
        DigestBody Render()
        {
            var text = new StringBuilder();
            var html = new StringBuilder();
            Open(html, subject, group);
            Sections(text, html, digest);
            return new DigestBody(text.ToString(), html.ToString());
        }

        var body = cache is null ? Render() : cache.GetOrAdd(Key("g", [digest]), Render);
        var baseUrl = BaseUrl(cache);
        var settings = baseUrl + MailingGroupsUrls.MySubscriptions;
        var unsubscribe = baseUrl + MailingGroupsUrls.Unsubscribe(tokens.Create(to.UserId, group.Id));
        var message = new StringBuilder(body.Text.Length + 1024);
        message.Append(subject).Append("\n\n");
        Wrap(message, $"Hello {to.Name}, this is what is new in {group.Name} since your last digest.", "", "");
        message.Append(body.Text)
            .Append("\n-- \n")
            .Append(CultureInfo.InvariantCulture, $"You receive this {DigestPeriods.Describe(digest.Mode).ToLowerInvariant()} as a member of {group.Name}.\n")
            .Append(CultureInfo.InvariantCulture, $"Change how you receive it: {settings}\n")
            .Append(CultureInfo.InvariantCulture, $"Unsubscribe from these emails: {unsubscribe}\n");
        var html = new StringBuilder(body.Html.Length + 1024).Append(body.Html);
        Close(html, group, digest.Mode, settings, unsubscribe);
        return new EmailMessage(to.Email, subject, message.ToString(), html.ToString(), Headers(group, unsubscribe, cache));
    }

    /// <summary>One group's sections: its threads (one item per thread, Discourse's summary shape, capped so a busy week stays a readable email), then the modules' sections in order (the library, meetings, polls).</summary>
    private void Sections(StringBuilder text, StringBuilder html, DigestContent digest)
    {
        var group = digest.Group;
        var threads = digest.Posts.GroupBy(p => p.ThreadId).ToList();
        if (threads.Count > 0)
        {
            Section(text, html, $"New posts ({digest.Posts.Count} in {threads.Count} threads)");
            foreach (var thread in threads.Take(MaxThreads))
            {
                var first = thread.First();
                var more = thread.Count() - 1;
                var title = first.IsReply ? "Re: " + first.Subject : first.Subject + " (new thread)";
                var excerpt = $"{first.Author}: {first.Excerpt}" + (more > 0 ? $" (and {more} more {(more == 1 ? "reply" : "replies")})" : "");
                Item(text, html, title, excerpt, urls.Absolute(MailingGroupsUrls.Post(group.Slug, first.ThreadId, first.Id)));
            }

            More(text, html, threads.Count - MaxThreads, "threads in the group's archive", urls.Absolute(MailingGroupsUrls.Group(group.Slug)));
        }

        foreach (var section in digest.Sections)
        {
            Contributed(text, html, section.Section, section.Items);
        }
    }

    /// <summary>
    /// One member's combined digest: each group's new threads under the group's name, then each
    /// module's section once (the library, meetings, polls) (the same item reached through two groups is listed once).
    /// The one-click unsubscribe stops every digest (the groups stay joined, post by post unchanged).
    /// </summary>
    /// <param name="cache">As for <see cref="Digest"/>: members whose parts hold the same items share the sections.</param>
    public EmailMessage Combined(IReadOnlyList<DigestContent> parts, DigestRecipient to, DeliveryMode mode, DigestPeriod period, DigestBodyCache? cache = null)
    {
        var subject = $"Your groups: {DigestPeriods.Describe(mode)}, Vol {period.Volume}, Issue {period.Issue}";
        var all = new MailingGroup { Slug = "", Name = "Your mailing groups" };
        DigestBody Render()
        {
            var text = new StringBuilder();
            var html = new StringBuilder();
            Open(html, subject, all);
            CombinedSections(text, html, parts);
            return new DigestBody(text.ToString(), html.ToString());
        }

        var body = cache is null ? Render() : cache.GetOrAdd(Key($"c{(int)mode}/{period.Volume}/{period.Issue}", parts), Render);
        var baseUrl = BaseUrl(cache);
        var settings = baseUrl + MailingGroupsUrls.DigestSettings;
        var unsubscribe = baseUrl + MailingGroupsUrls.Unsubscribe(tokens.Create(to.UserId, UnsubscribeTokens.AllDigests));
        var text = new StringBuilder(body.Text.Length + 1024);
        text.Append(subject).Append("\n\n");
        Wrap(text, $"Hello {to.Name}, this is what is new in {(parts.Count == 1 ? parts[0].Group.Name : $"your {parts.Count} groups")} since your last digest.", "", "");
        text.Append(body.Text).Append("\n-- \n");
        Wrap(text, $"You receive this {DigestPeriods.Describe(mode).ToLowerInvariant()} of {string.Join(", ", parts.Select(p => p.Group.Name))} because you chose one combined digest.", "", "");
        text.Append(CultureInfo.InvariantCulture, $"Change how you receive it: {settings}\n")
            .Append(CultureInfo.InvariantCulture, $"Unsubscribe from these emails: {unsubscribe}\n");
        var html = new StringBuilder(body.Html.Length + 1024).Append(body.Html);
        Close(html, all, mode, settings, unsubscribe);
        var host = new MailAddress(mail.Value.From).Host;
        var headers = new Dictionary<string, string>
        {
            ["List-Id"] = $"\"Your mailing groups\" <digests.groups.{host}>",
            ["List-Unsubscribe"] = $"<{unsubscribe}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            ["List-Archive"] = $"<{baseUrl + MailingGroupsUrls.Index}>",
            ["Auto-Submitted"] = "auto-generated",
            ["Precedence"] = "list",
        };
        return new EmailMessage(to.Email, subject, text.ToString(), html.ToString(), headers);
    }

    private void CombinedSections(StringBuilder text, StringBuilder html, IReadOnlyList<DigestContent> parts)
    {
        foreach (var digest in parts)
        {
            var threads = digest.Posts.GroupBy(p => p.ThreadId).ToList();
            if (threads.Count == 0)
            {
                continue;
            }

            Section(text, html, $"{digest.Group.Name}: {digest.Posts.Count} new {(digest.Posts.Count == 1 ? "post" : "posts")} in {threads.Count} {(threads.Count == 1 ? "thread" : "threads")}");
            foreach (var thread in threads.Take(MaxThreads))
            {
                var first = thread.First();
                var more = thread.Count() - 1;
                var title = first.IsReply ? "Re: " + first.Subject : first.Subject + " (new thread)";
                var excerpt = $"{first.Author}: {first.Excerpt}" + (more > 0 ? $" (and {more} more {(more == 1 ? "reply" : "replies")})" : "");
                Item(text, html, title, excerpt, urls.Absolute(MailingGroupsUrls.Post(digest.Group.Slug, first.ThreadId, first.Id)));
            }

            More(text, html, threads.Count - MaxThreads, "threads in the group's archive", urls.Absolute(MailingGroupsUrls.Group(digest.Group.Slug)));
        }

        // Each section once, in order, with what the member may see through any of their groups.
        foreach (var section in parts.SelectMany(p => p.Sections).Select(s => s.Section).DistinctBy(s => s.Key).OrderBy(s => s.Order).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            Contributed(text, html, section, [.. parts.SelectMany(p => p.Sections).Where(s => s.Section.Key == section.Key).SelectMany(s => s.Items).DistinctBy(i => i.Path)]);
        }
    }

    /// <summary>A module's section: its items (the first <see cref="MaxItems"/>), then the link to the rest if the section has one.</summary>
    private void Contributed(StringBuilder text, StringBuilder html, IDigestSection section, IReadOnlyList<DigestItem> items)
    {
        Items(text, html, section.Title, items);
        if (section.More is { } more)
        {
            More(text, html, items.Count - MaxItems, more.Where, urls.Absolute(more.Path));
        }
    }

    private static string Key(string kind, IReadOnlyList<DigestContent> parts)
    {
        var key = new StringBuilder(kind);
        foreach (var part in parts)
        {
            key.Append('|');
            DigestBodyCache.AppendKey(key, part);
        }

        return key.ToString();
    }

    /// <summary>The site's address, read from configuration once per cache (it does not change within a pass).</summary>
    private string BaseUrl(DigestBodyCache? cache) => cache is null ? urls.BaseUrl : cache.BaseUrl ??= urls.BaseUrl;

    /// <summary>One post, for members who receive each post as it is published.</summary>
    public EmailMessage Post(MailingGroup group, GroupPost post, string threadSubject, string author, string bodyHtml, DigestRecipient to,
        IReadOnlyList<PostAttachment>? files = null)
    {
        var subject = $"[{group.Name}] {(post.ThreadId is null ? "" : "Re: ")}{threadSubject}";
        var link = urls.Absolute(MailingGroupsUrls.Post(group.Slug, post.ThreadId ?? post.Id, post.Id));
        var settings = urls.Absolute(MailingGroupsUrls.MySubscriptions);
        var unsubscribe = urls.Absolute(MailingGroupsUrls.Unsubscribe(tokens.Create(to.UserId, group.Id)));
        // Files are linked, not attached: they stay behind the group's sign-in, and each member's copy stays small.
        files ??= [];
        var fileText = new StringBuilder();
        var fileHtml = new StringBuilder();
        if (files.Count > 0)
        {
            fileText.Append(CultureInfo.InvariantCulture, $"\n\nAttached ({files.Count}):\n");
            fileHtml.Append(CultureInfo.InvariantCulture, $"<p style=\"{Font}\">Attached:</p><ul style=\"{Font}\">");
            foreach (var file in files)
            {
                var url = urls.Absolute(MailingGroupsUrls.Attachment(group.Slug, file.Id));
                fileText.Append(CultureInfo.InvariantCulture, $"- {file.FileName} ({Core.Files.FileSizes.Format(file.Length)}): {url}\n");
                fileHtml.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(url)}\" style=\"color:#0b5394;\">{E(file.FileName)}</a> ({Core.Files.FileSizes.Format(file.Length)})</li>");
            }

            fileHtml.Append("</ul>");
        }

        var text = $"{author} wrote in {group.Name}:\n\n{post.Body}{fileText.ToString().TrimEnd()}\n\nRead and reply on the site: {link}\n\n-- \nChange how you receive it: {settings}\nUnsubscribe: {unsubscribe}\n";
        var html = new StringBuilder();
        Open(html, subject, group);
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"{Font}color:#555;\">{E(author)} wrote:</p><div style=\"{Font}\">{bodyHtml}</div>{fileHtml}")
            .Append(CultureInfo.InvariantCulture, $"<p style=\"{Font}\"><a href=\"{E(link)}\" style=\"color:#0b5394;\">Read and reply on the site</a></p>");
        Close(html, group, DeliveryMode.EachPost, settings, unsubscribe);
        var headers = Headers(group, unsubscribe);

        // Threading (RFC 5322 3.6.4): one Message-ID per post, the same for every member, and a
        // reply points at its thread's first post, so mail programs show the conversation.
        var host = new MailAddress(mail.Value.From).Host;
        headers["Message-ID"] = PostMessageIds.For(post.Id, group.Slug, host);
        if (post.ThreadId is { } threadId)
        {
            var root = PostMessageIds.For(threadId, group.Slug, host);
            headers["In-Reply-To"] = root;
            headers["References"] = root;
        }

        // Answering from the mail program: the reply goes to this thread's address (the inbound reader posts it).
        if (addresses.Configured)
        {
            headers["Reply-To"] = $"\"{Ascii(group.Name)}\" <{addresses.Thread(group.Slug, post.ThreadId ?? post.Id)}>";
        }

        return new EmailMessage(to.Email, subject, text, html.ToString(), headers);
    }

    /// <summary>RFC 2369 list headers, RFC 8058 one-click unsubscribe, RFC 3834 Auto-Submitted.</summary>
    private Dictionary<string, string> Headers(MailingGroup group, string unsubscribeUrl, DigestBodyCache? cache = null)
    {
        if (cache is not null && cache.Headers.TryGetValue(group.Id, out var shared))
        {
            return new Dictionary<string, string>(shared) { ["List-Unsubscribe"] = $"<{unsubscribeUrl}>, {shared["List-Unsubscribe"]}" };
        }

        var host = new MailAddress(mail.Value.From).Host;
        var mailto = $"<mailto:{(addresses.Configured ? addresses.Leave(group.Slug) : $"{group.Slug}-leave@{host}")}?subject=unsubscribe>";
        var headers = new Dictionary<string, string>
        {
            ["List-Id"] = $"{Ascii(group.Name)} <{group.Slug}.groups.{host}>",
            ["List-Unsubscribe"] = mailto,
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            ["List-Archive"] = $"<{urls.Absolute(MailingGroupsUrls.Group(group.Slug))}>",
            ["List-Post"] = group.PostPolicy == PostPolicy.Moderators ? "NO"
                : addresses.Configured ? $"<mailto:{addresses.Group(group.Slug)}>, <{urls.Absolute(MailingGroupsUrls.NewThread(group.Slug))}>"
                : $"<{urls.Absolute(MailingGroupsUrls.NewThread(group.Slug))}>",
            ["Auto-Submitted"] = "auto-generated",
            ["Precedence"] = "list",
        };
        if (cache is not null)
        {
            cache.Headers[group.Id] = new Dictionary<string, string>(headers);
        }

        headers["List-Unsubscribe"] = $"<{unsubscribeUrl}>, {mailto}";
        return headers;
    }

    private static void Open(StringBuilder html, string subject, MailingGroup group) =>
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f4f4f4;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f4f4;\"><tr><td align=\"center\" style=\"padding:16px;\">")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;width:100%;background:#ffffff;border:1px solid #dddddd;\">")
            .Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Font}background:#1d3557;color:#ffffff;padding:16px 20px;font-size:20px;font-weight:bold;\">{E(group.Name)}</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Font}padding:16px 20px;color:#222222;font-size:15px;line-height:1.5;\">")
            .Append(CultureInfo.InvariantCulture, $"<h1 style=\"{Font}font-size:18px;margin:0 0 12px;\">{E(subject)}</h1>");

    private static void Close(StringBuilder html, MailingGroup group, DeliveryMode mode, string settings, string unsubscribe) =>
        html.Append("</td></tr>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{Font}padding:12px 20px;border-top:1px solid #dddddd;color:#555555;font-size:13px;\">")
            .Append(CultureInfo.InvariantCulture, $"You receive this ({E(DigestPeriods.Describe(mode).ToLowerInvariant())}) as a member of {E(group.Name)}. ")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"{E(settings)}\" style=\"color:#0b5394;\">Change how you receive it</a> or ")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"{E(unsubscribe)}\" style=\"color:#0b5394;\">unsubscribe</a>.</td></tr>")
            .Append("</table></td></tr></table></body></html>");

    private void Items(StringBuilder text, StringBuilder html, string heading, IReadOnlyList<DigestItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        Section(text, html, $"{heading} ({items.Count})");
        foreach (var item in items.Take(MaxItems))
        {
            Item(text, html, item.Title, item.Excerpt, urls.Absolute(item.Path));
        }
    }

    private static void More(StringBuilder text, StringBuilder html, int more, string where, string link)
    {
        if (more > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  ...and {more} more {where}: {link}\n");
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"{Font}margin:0 0 12px;\"><a href=\"{E(link)}\" style=\"color:#0b5394;\">And {more} more {E(where)}</a></p>");
        }
    }

    private static void Section(StringBuilder text, StringBuilder html, string heading)
    {
        text.Append('\n').Append(heading).Append('\n').Append('=', Math.Min(heading.Length, 72)).Append('\n');
        html.Append(CultureInfo.InvariantCulture, $"<h2 style=\"{Font}font-size:16px;margin:20px 0 8px;color:#1d3557;border-bottom:2px solid #e0e0e0;\">{E(heading)}</h2>");
    }

    private static void Item(StringBuilder text, StringBuilder html, string title, string excerpt, string? link)
    {
        // The plain-text part reads as a terminal mail program shows it: lines wrapped at 72
        // columns under a hanging indent, each link alone on its line (never broken).
        text.Append('\n');
        Wrap(text, title, "* ", "  ");
        if (excerpt.Length > 0)
        {
            Wrap(text, excerpt, "  ", "  ");
        }

        if (link is not null)
        {
            text.Append("  ").Append(link).Append('\n');
        }

        var titleHtml = link is null ? E(title) : $"<a href=\"{E(link)}\" style=\"color:#0b5394;font-weight:bold;\">{E(title)}</a>";
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"{Font}margin:0 0 12px;\">{titleHtml}");
        if (excerpt.Length > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<br><span style=\"color:#444444;\">{E(excerpt)}</span>");
        }

        html.Append("</p>");
    }

    /// <summary>Appends <paramref name="value"/> wrapped at word boundaries to 72 columns: the first line after <paramref name="first"/>, the rest after <paramref name="rest"/>.</summary>
    private static void Wrap(StringBuilder text, string value, string first, string rest)
    {
        const int Width = 72;
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(rest);
                empty = true;
            }

            line.Append(empty ? "" : " ").Append(word);
            empty = false;
        }

        text.Append(line).Append('\n');
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);

    /// <summary>List-Id's phrase in plain ASCII, so no header encoding is needed for it.</summary>
    private static string Ascii(string value)
    {
        var kept = new string([.. value.Normalize(NormalizationForm.FormD).Where(c => c is >= ' ' and <= '~' and not '<' and not '>' and not '"')]);
        return $"\"{kept.Trim()}\"";
    }
}
