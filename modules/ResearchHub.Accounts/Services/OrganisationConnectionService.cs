using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Organisations' connections to their OpenID Connect providers ("Sign in with ..."): validating and
/// saving them (the admin page and the recipe step), the client secret sealed with the data-protection
/// key ring, and the rules sign-in applies (the domains an organisation vouches for, whether its
/// members must use its provider).
/// </summary>
public sealed partial class OrganisationConnectionService(HubDbContext db, IDataProtectionProvider protection, UserManager<HubUser> users, TimeProvider clock)
{
    private const string SecretPurpose = "ResearchHub.Accounts.OrganisationConnections.ClientSecret";

    /// <summary>The hub's callback path for a connection: the redirect URI to register at the provider (after the site's address).</summary>
    public static string CallbackPath(string key) => AccountsUrls.OrganisationCallback(key);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();

    public Task<List<OrganisationConnection>> ListAsync(CancellationToken ct) =>
        db.Set<OrganisationConnection>().AsNoTracking().Include(c => c.Organisation)
            .OrderBy(c => c.Organisation!.Name).ToListAsync(ct);

    public Task<OrganisationConnection?> FindByKeyAsync(string key, CancellationToken ct) =>
        db.Set<OrganisationConnection>().AsNoTracking().Include(c => c.Organisation).FirstOrDefaultAsync(c => c.Key == key, ct);

    public string UnprotectSecret(OrganisationConnection connection) =>
        protection.CreateProtector(SecretPurpose).Unprotect(connection.ProtectedClientSecret);

    /// <summary>The e-mail domains, lower case, from text separated by spaces, commas or new lines (a leading @ is dropped).</summary>
    public static List<string> ParseDomains(string? text) =>
        [.. (text ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="email"/>'s domain is one of <paramref name="connection"/>'s (exactly: a subdomain is another domain).</summary>
    public static bool Vouches(OrganisationConnection connection, string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return false;
        }

        var domain = email[(at + 1)..].TrimEnd('.').ToLowerInvariant();
        return connection.DomainList.Contains(domain, StringComparer.Ordinal);
    }

    /// <summary>The connection whose organisation requires its provider of this member, or null (administrators are never held to it).</summary>
    public async Task<OrganisationConnection?> RequiredForAsync(HubUser user, CancellationToken ct)
    {
        if (user.OrganisationId is not { } organisationId)
        {
            return null;
        }

        var connection = await db.Set<OrganisationConnection>().AsNoTracking().Include(c => c.Organisation)
            .FirstOrDefaultAsync(c => c.OrganisationId == organisationId && c.RequiredForMembers, ct);
        return connection is null || await users.IsInRoleAsync(user, HubRoles.Administrator) ? null : connection;
    }

    /// <summary>Creates or updates the organisation's connection. Returns it, or the problems keyed by field.</summary>
    public async Task<(OrganisationConnection? Connection, Dictionary<string, string> Errors)> SaveAsync(OrganisationConnectionInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var organisation = await db.Set<Organisation>().FirstOrDefaultAsync(o => o.Id == input.OrganisationId, ct);
        if (organisation is null)
        {
            errors["OrganisationId"] = "Choose the organisation to connect.";
            return (null, errors);
        }

        var existing = await db.Set<OrganisationConnection>().FirstOrDefaultAsync(c => c.OrganisationId == organisation.Id, ct);

        var issuerText = (input.Issuer ?? "").Trim();
        if (!Uri.TryCreate(issuerText, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(issuer.Query) || !string.IsNullOrEmpty(issuer.Fragment) || issuer.UserInfo.Length > 0)
        {
            errors["Issuer"] = "Give the provider's issuer as a full https:// address without ?query or #fragment, as its discovery document (/.well-known/openid-configuration) names it.";
        }
        else if (issuer.AbsoluteUri.Length > 128)
        {
            errors["Issuer"] = "The issuer is longer than 128 characters.";
        }
        else if (await db.Set<OrganisationConnection>().AnyAsync(c => c.Issuer == issuer.AbsoluteUri && c.OrganisationId != organisation.Id, ct))
        {
            errors["Issuer"] = "Another organisation is already connected to this provider.";
        }

        var clientId = (input.ClientId ?? "").Trim();
        if (clientId.Length is 0 or > 200 || clientId.Any(char.IsControl))
        {
            errors["ClientId"] = "Enter the client id the provider gave the hub (up to 200 characters).";
        }

        var secret = input.ClientSecret?.Trim();
        if (string.IsNullOrEmpty(secret) && existing is null)
        {
            errors["ClientSecret"] = "Enter the client secret the provider gave the hub.";
        }
        else if (secret is { Length: > 500 })
        {
            errors["ClientSecret"] = "The client secret is longer than 500 characters.";
        }

        var domains = ParseDomains(input.EmailDomains);
        var badDomain = domains.FirstOrDefault(d => !DomainPattern().IsMatch(d));
        if (domains.Count == 0)
        {
            errors["EmailDomains"] = "Enter at least one e-mail domain the organisation vouches for, like york.ac.uk.";
        }
        else if (badDomain is not null)
        {
            errors["EmailDomains"] = $"\"{badDomain}\" is not an e-mail domain: give domains like york.ac.uk, separated by spaces or commas.";
        }
        else if (string.Join(' ', domains).Length > 1000)
        {
            errors["EmailDomains"] = "The list of domains is longer than 1,000 characters.";
        }

        var key = existing?.Key ?? (string.IsNullOrWhiteSpace(input.Key) ? await FreeKeyAsync(organisation.Name, ct) : input.Key.Trim());
        if (existing is null)
        {
            if (!KeyPattern().IsMatch(key))
            {
                errors["Key"] = "The connection's name is lower-case letters, digits and hyphens (up to 64).";
            }
            else if (await db.Set<OrganisationConnection>().AnyAsync(c => c.Key == key, ct))
            {
                errors["Key"] = $"Another connection is already called {key}.";
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetUtcNow();
        var connection = existing ?? new OrganisationConnection
        {
            OrganisationId = organisation.Id,
            Key = key,
            Issuer = "",
            ClientId = "",
            ProtectedClientSecret = "",
            EmailDomains = "",
            CreatedAt = now,
        };
        connection.Issuer = issuer!.AbsoluteUri;
        connection.ClientId = clientId;
        if (!string.IsNullOrEmpty(secret))
        {
            connection.ProtectedClientSecret = protection.CreateProtector(SecretPurpose).Protect(secret);
        }

        connection.EmailDomains = string.Join(' ', domains);
        connection.RequiredForMembers = input.RequiredForMembers;
        connection.UpdatedAt = now;
        if (existing is null)
        {
            db.Set<OrganisationConnection>().Add(connection);
        }

        await db.SaveChangesAsync(ct);
        connection.Organisation = organisation;
        return (connection, errors);
    }

    /// <summary>Removes the organisation's connection (members linked to it keep their accounts). Returns the organisation's name, or null.</summary>
    public async Task<string?> DeleteAsync(long organisationId, CancellationToken ct)
    {
        var connection = await db.Set<OrganisationConnection>().Include(c => c.Organisation).FirstOrDefaultAsync(c => c.OrganisationId == organisationId, ct);
        if (connection is null)
        {
            return null;
        }

        db.Set<OrganisationConnection>().Remove(connection);
        await db.SaveChangesAsync(ct);
        return connection.Organisation!.Name;
    }

    private async Task<string> FreeKeyAsync(string name, CancellationToken ct)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            slug.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
        }

        var key = Regex.Replace(slug.ToString(), "-+", "-").Trim('-');
        key = key.Length == 0 ? "organisation" : key[..Math.Min(key.Length, 56)].Trim('-');
        var candidate = key;
        for (var n = 2; await db.Set<OrganisationConnection>().AnyAsync(c => c.Key == candidate, ct); n++)
        {
            candidate = $"{key}-{n}";
        }

        return candidate;
    }
}
