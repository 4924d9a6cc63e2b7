using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;

namespace ResearchHub.MailingGroups.Services;

/// <summary>
/// The groups' addresses from <see cref="MailingGroupsOptions.Address"/>: the group's
/// (lac-research+{slug}@…), a thread's (…+{slug}.t{thread}.{token}@…, the Reply-To of every mailed
/// post) and the unsubscribe address (…+{slug}.leave@…). A thread address carries a token, an
/// HMAC of the slug and thread under a key derived from the site's data-protection key ring (in
/// the database, so every node computes the same), so nobody posts into a thread by guessing
/// numbers; whoever writes must still be a member allowed to post.
/// </summary>
public sealed partial class GroupAddresses(IOptions<MailingGroupsOptions> options, HubDbContext db, UnsubscribeTokens unsubscribe)
{
    private byte[]? _key;

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Address) && options.Value.Address.Contains("{group}", StringComparison.Ordinal);

    public string Group(string slug) => Format(slug);

    public string Thread(string slug, long threadId) => Format($"{slug}.t{threadId}.{Token(slug, threadId)}");

    public string Leave(string slug) => Format($"{slug}.leave");

    /// <summary>What the address names, when it is one of the groups' (a thread's only with a valid token).</summary>
    public GroupAddress? Parse(string address)
    {
        if (!Configured)
        {
            return null;
        }

        var pattern = "^" + Regex.Escape(options.Value.Address!.Trim()).Replace(@"\{group}", "(?<tag>[^@]+)", StringComparison.Ordinal) + "$";
        var match = Regex.Match(address.Trim(), pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return null;
        }

        var tag = match.Groups["tag"].Value.ToLowerInvariant();
        var thread = ThreadTag().Match(tag);
        if (thread.Success)
        {
            var slug = thread.Groups["slug"].Value;
            var id = long.Parse(thread.Groups["id"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(slug, id)), Encoding.ASCII.GetBytes(thread.Groups["token"].Value))
                ? new GroupAddress(GroupAddressKind.Thread, slug, id)
                : null;
        }

        if (tag.EndsWith(".leave", StringComparison.Ordinal))
        {
            return new GroupAddress(GroupAddressKind.Leave, tag[..^".leave".Length], null);
        }

        return tag.Contains('.', StringComparison.Ordinal) ? null : new GroupAddress(GroupAddressKind.Group, tag, null);
    }

    private string Format(string tag) => options.Value.Address!.Trim().Replace("{group}", tag, StringComparison.Ordinal);

    private string Token(string slug, long threadId)
    {
        var hash = HMACSHA256.HashData(Key(), Encoding.UTF8.GetBytes($"{slug}.t{threadId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }

    private byte[] Key()
    {
        if (_key is not null)
        {
            return _key;
        }

        var xml = db.Set<DataProtectionKey>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).FirstOrDefault();
        if (xml is null)
        {
            unsubscribe.Create("", 0); // the first protect creates the site's first key
            xml = db.Set<DataProtectionKey>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).First();
        }

        return _key = SHA256.HashData(Encoding.UTF8.GetBytes("ResearchHub.MailingGroups.ThreadAddress.v1\n" + xml));
    }

    [GeneratedRegex(@"^(?<slug>[a-z0-9-]+)\.t(?<id>\d{1,18})\.(?<token>[0-9a-f]{12})$", RegexOptions.CultureInvariant)]
    private static partial Regex ThreadTag();
}
