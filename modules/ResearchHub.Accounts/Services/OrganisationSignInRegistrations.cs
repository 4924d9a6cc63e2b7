using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Client;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Web;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Gives OpenIddict's client one registration per organisation connection, read from the database
/// when the client's options are built, and makes the options be built again when the connections
/// (or the site's address, part of every redirect URI) have changed since: <see cref="EnsureCurrentAsync"/>
/// compares a stamp of the rows with the one the options were built from and, when they differ,
/// drops the cached options (IOptionsMonitorCache), so the next use rebuilds them. It runs before
/// authentication on every request under /account/sign-in/organisation/ (<see cref="OrganisationSignInSetup"/>),
/// so a connection saved on one node is used by every node at its next sign-in, without a restart.
/// </summary>
public sealed class OrganisationSignInRegistrations(
    IServiceScopeFactory scopes,
    IDataProtectionProvider protection,
    OpenIdKeyRing keys,
    IOptionsMonitorCache<OpenIddictClientOptions> cache,
    ILogger<OrganisationSignInRegistrations> logger) : IConfigureOptions<OpenIddictClientOptions>
{
    /// <summary>
    /// A redirection endpoint no request can reach (the reserved .invalid domain): OpenIddict wants at
    /// least one for the code flow even while no organisation is connected.
    /// </summary>
    private static readonly Uri Unreachable = new("http://organisation-sign-in.invalid/callback");

    /// <summary>The stamp of options built while the database could not be read: never equal to a real one.</summary>
    private const string Unavailable = "\u0000unavailable";

    private string? _stamp;

    public static string RegistrationId(string key) => "organisation-" + key;

    public void Configure(OpenIddictClientOptions options)
    {
        options.RedirectionEndpointUris.Add(Unreachable);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var baseUrl = scope.ServiceProvider.GetRequiredService<SiteAddress>().BaseUrl;
        List<OrganisationConnection> rows;
        IReadOnlyList<Microsoft.IdentityModel.Tokens.SecurityKey> signing, encryption;
        try
        {
            rows = db.Set<OrganisationConnection>().AsNoTracking().Include(c => c.Organisation).ToList();
            signing = [.. keys.Load(OpenIdKey.Signing)];
            encryption = [.. keys.Load(OpenIdKey.Encryption)];
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // The options are built when the host builds its pipeline: a database that cannot answer
            // then (the hub starts and reports itself not ready) must not stop the host. No connection
            // is offered, and the next organisation sign-in builds the options again.
            logger.LogWarning(ex, "The organisation sign-in connections could not be read; none is offered until the database answers.");
            // OpenIddict wants keys to build its options: throwaway ones, which protect nothing as no sign-in can start.
            options.SigningCredentials.Add(new SigningCredentials(new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)), SecurityAlgorithms.RsaSha256));
            options.EncryptionCredentials.Add(new EncryptingCredentials(new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            Volatile.Write(ref _stamp, Unavailable);
            return;
        }

        var protector = protection.CreateProtector("ResearchHub.Accounts.OrganisationConnections.ClientSecret");

        foreach (var row in rows)
        {
            string secret;
            try
            {
                secret = protector.Unprotect(row.ProtectedClientSecret);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                // A key ring that lost the key: the connection is skipped until an administrator enters the secret again.
                logger.LogWarning(ex, "The client secret of the sign-in connection {Key} cannot be unsealed; the connection is not offered.", row.Key);
                continue;
            }

            var registration = new OpenIddictClientRegistration
            {
                RegistrationId = RegistrationId(row.Key),
                Issuer = new Uri(row.Issuer, UriKind.Absolute),
                ClientId = row.ClientId,
                ClientSecret = secret,
                RedirectUri = new Uri(baseUrl + OrganisationConnectionService.CallbackPath(row.Key), UriKind.Absolute),
                ProviderDisplayName = row.Organisation?.Name,
            };
            registration.Scopes.UnionWith([Scopes.OpenId, Scopes.Email, Scopes.Profile]);
            // The answer in the query string: a cross-site form post would not carry the sign-in's
            // correlation cookie (SameSite=Lax), and the hub's pages take no foreign posts.
            registration.ResponseModes.Add(ResponseModes.Query);
            options.Registrations.Add(registration);
        }

        // The provider's keys (OpenIdKeyRing, shared by every node) also protect the client's state
        // tokens, so a sign-in started on one node can end on another.
        foreach (var key in signing)
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }

        foreach (var key in encryption)
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }

        Volatile.Write(ref _stamp, Stamp(rows.Select(r => (r.Id, r.UpdatedAt)), baseUrl));
    }

    /// <summary>Rebuilds the client's options at their next use when the connections or the site's address changed since they were built.</summary>
    public async Task EnsureCurrentAsync(HubDbContext db, SiteAddress address, CancellationToken ct)
    {
        var rows = await db.Set<OrganisationConnection>().AsNoTracking().Select(c => new { c.Id, c.UpdatedAt }).ToListAsync(ct);
        var stamp = Stamp(rows.Select(r => (r.Id, r.UpdatedAt)), address.BaseUrl);
        var current = Volatile.Read(ref _stamp);
        if (current is not null && current != stamp)
        {
            cache.TryRemove(Options.DefaultName);
        }
    }

    private static string Stamp(IEnumerable<(long Id, DateTimeOffset UpdatedAt)> rows, string baseUrl) =>
        baseUrl + "|" + string.Join(",", rows.OrderBy(r => r.Id).Select(r => r.Id.ToString(CultureInfo.InvariantCulture) + ":" + r.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)));
}
