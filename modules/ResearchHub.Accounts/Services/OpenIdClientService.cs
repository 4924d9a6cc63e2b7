using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OidcPermissions = OpenIddict.Abstractions.OpenIddictConstants.Permissions;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Registered applications of the hub's OpenID Connect provider (the admin page and the
/// <c>openid-clients</c> recipe step), and a member's connected applications (their consents).
/// </summary>
public sealed partial class OpenIdClientService(
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    UserManager<HubUser> users,
    HubDbContext db,
    TimeProvider clock,
    ApiScopeCatalog scopeCatalog)
{
    /// <summary>The application property naming the service account a client-credentials client acts as.</summary>
    public const string ServiceAccountProperty = "hub_service_account";

    /// <summary>The e-mail domain of service accounts (reserved: never a real mailbox).</summary>
    public const string ServiceAccountDomain = "service-accounts.invalid";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,99}$")]
    private static partial Regex ClientIdPattern();

    /// <summary>Registers a client. Returns its secret (generated unless given; null for public clients) or the problems, keyed by field.</summary>
    public async Task<(string? Secret, Dictionary<string, string> Errors)> CreateAsync(OpenIdClientInput input, CancellationToken ct)
    {
        var errors = await ValidateAsync(input, ct);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = input.ClientId,
            DisplayName = input.DisplayName.Trim(),
            ClientType = input.Confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ConsentType = ConsentTypes.Explicit,
        };
        descriptor.Permissions.UnionWith([OidcPermissions.Endpoints.Token, OidcPermissions.Endpoints.Revocation]);
        if (input.Confidential)
        {
            descriptor.Permissions.Add(OidcPermissions.Endpoints.Introspection);
        }

        if (input.AllowAuthorizationCode)
        {
            descriptor.Permissions.UnionWith([
                OidcPermissions.Endpoints.Authorization, OidcPermissions.GrantTypes.AuthorizationCode, OidcPermissions.GrantTypes.RefreshToken,
                OidcPermissions.ResponseTypes.Code, OidcPermissions.Scopes.Profile, OidcPermissions.Scopes.Email]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in input.RedirectUris)
            {
                descriptor.RedirectUris.Add(new Uri(uri));
            }
        }

        if (input.AllowClientCredentials)
        {
            descriptor.Permissions.Add(OidcPermissions.GrantTypes.ClientCredentials);
            var account = await CreateServiceAccountAsync(input, ct);
            descriptor.Properties[ServiceAccountProperty] = JsonSerializer.SerializeToElement(account.Id);
        }

        foreach (var scope in input.Scopes)
        {
            descriptor.Permissions.Add(OidcPermissions.Prefixes.Scope + scope);
        }

        var secret = input.Confidential ? (string.IsNullOrEmpty(input.Secret) ? SecretTokens.New("rhc_") : input.Secret) : null;
        descriptor.ClientSecret = secret;
        await applications.CreateAsync(descriptor, ct);
        return (secret, errors);
    }

    public async Task<Dictionary<string, string>> ValidateAsync(OpenIdClientInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!ClientIdPattern().IsMatch(input.ClientId ?? ""))
        {
            errors["ClientId"] = "The client id is 2 to 100 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit.";
        }
        else if (await applications.FindByClientIdAsync(input.ClientId!, ct) is not null)
        {
            errors["ClientId"] = $"There is already an application with the client id {input.ClientId}.";
        }

        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Trim().Length > 200)
        {
            errors["DisplayName"] = "Enter the application's name (up to 200 characters): members see it when they are asked to consent.";
        }

        if (!input.AllowAuthorizationCode && !input.AllowClientCredentials)
        {
            errors["Grants"] = "Choose how the application signs in: for members (authorization code) or as a service account (client credentials), or both.";
        }

        if (input.AllowAuthorizationCode)
        {
            if (input.RedirectUris.Count == 0)
            {
                errors["RedirectUris"] = "An application that acts for members needs at least one redirect URI.";
            }

            foreach (var uri in input.RedirectUris)
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(parsed.Fragment))
                {
                    errors["RedirectUris"] = $"\"{uri}\" is not a redirect URI: give full http(s) addresses without a #fragment, one per line.";
                    break;
                }
            }
        }

        if (input.AllowClientCredentials)
        {
            if (!input.Confidential)
            {
                errors["Confidential"] = "Only a confidential application (one that can keep a secret) may use client credentials.";
            }

            if (input.OrganisationId is not { } orgId || !await db.Set<Organisation>().AnyAsync(o => o.Id == orgId, ct))
            {
                errors["OrganisationId"] = "Choose the organisation whose service account the application acts as.";
            }
        }

        var unknown = input.Scopes.Where(s => !scopeCatalog.All.Contains(s)).ToList();
        if (input.Scopes.Count == 0 || unknown.Count > 0)
        {
            errors["Scopes"] = unknown.Count > 0
                ? $"Unknown scopes: {string.Join(", ", unknown)}."
                : "Choose at least one scope the application may ask for.";
        }

        return errors;
    }

    public async Task<IReadOnlyList<OpenIdClientSummary>> ListAsync(CancellationToken ct)
    {
        // Read whole before the per-application queries: PostgreSQL runs one command per connection at a time.
        var all = await applications.ListAsync(count: null, offset: null, ct).ToListAsync(ct);
        var list = new List<OpenIdClientSummary>();
        foreach (var application in all)
        {
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application, ct);
            string? account = null;
            if (descriptor.Properties.TryGetValue(ServiceAccountProperty, out var accountId) && accountId.GetString() is { } id)
            {
                var user = await users.FindByIdAsync(id);
                account = user is null ? null : $"{user.DisplayName} ({await OrganisationNameAsync(user.OrganisationId, ct)})";
            }

            list.Add(new OpenIdClientSummary(
                (await applications.GetIdAsync(application, ct))!,
                descriptor.ClientId!,
                descriptor.DisplayName ?? descriptor.ClientId!,
                descriptor.ClientType == ClientTypes.Confidential,
                [.. descriptor.RedirectUris.Select(u => u.ToString())],
                [.. descriptor.Permissions.Where(p => p.StartsWith(OidcPermissions.Prefixes.Scope, StringComparison.Ordinal))
                    .Select(p => p[OidcPermissions.Prefixes.Scope.Length..]).Where(scopeCatalog.All.Contains).Order(StringComparer.Ordinal)],
                descriptor.Permissions.Contains(OidcPermissions.GrantTypes.AuthorizationCode),
                descriptor.Permissions.Contains(OidcPermissions.GrantTypes.ClientCredentials),
                account));
        }

        return [.. list.OrderBy(c => c.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Deletes a client, its consents and tokens (OpenIddict's store removes them with it), and its service account.</summary>
    public async Task<string?> DeleteAsync(string clientId, CancellationToken ct)
    {
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is null)
        {
            return null;
        }

        var name = await applications.GetDisplayNameAsync(application, ct) ?? clientId;
        var account = await ServiceAccountIdAsync(application, ct);
        await applications.DeleteAsync(application, ct);
        if (account is not null && await users.FindByIdAsync(account) is { } user)
        {
            await users.DeleteAsync(user);
        }

        return name;
    }

    /// <summary>The id of the service account a client-credentials client acts as, if it has one.</summary>
    public async Task<string?> ServiceAccountIdAsync(object application, CancellationToken ct)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(ServiceAccountProperty, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>The applications a member has consented to, with what they granted (valid permanent authorizations, one row per application).</summary>
    public async Task<IReadOnlyList<ConnectedApplication>> ConnectedAsync(string userId, CancellationToken ct)
    {
        var byApplication = new Dictionary<string, (string Name, SortedSet<string> Scopes, DateTimeOffset? Since)>(StringComparer.Ordinal);
        foreach (var authorization in await authorizations.FindBySubjectAsync(userId, ct).ToListAsync(ct))
        {
            if (!await authorizations.HasStatusAsync(authorization, Statuses.Valid, ct) || !await authorizations.HasTypeAsync(authorization, AuthorizationTypes.Permanent, ct))
            {
                continue;
            }

            var applicationId = await authorizations.GetApplicationIdAsync(authorization, ct);
            if (applicationId is null || await applications.FindByIdAsync(applicationId, ct) is not { } application)
            {
                continue;
            }

            var since = await authorizations.GetCreationDateAsync(authorization, ct);
            if (!byApplication.TryGetValue(applicationId, out var row))
            {
                row = (await applications.GetDisplayNameAsync(application, ct) ?? applicationId, new SortedSet<string>(StringComparer.Ordinal), since);
                byApplication[applicationId] = row;
            }

            row.Scopes.UnionWith((await authorizations.GetScopesAsync(authorization, ct)).Where(scopeCatalog.All.Contains));
            byApplication[applicationId] = row with { Since = since < row.Since ? since : row.Since };
        }

        return [.. byApplication.Select(p => new ConnectedApplication(p.Key, p.Value.Name, [.. p.Value.Scopes], p.Value.Since))
            .OrderBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Withdraws a member's consent to an application: every authorization of theirs for it and every
    /// token issued under them are revoked (the application is asked to consent again next time).
    /// Returns the application's name, or null when the member had not connected it.
    /// </summary>
    public async Task<string?> DisconnectAsync(string userId, string applicationId, CancellationToken ct)
    {
        var application = await applications.FindByIdAsync(applicationId, ct);
        if (application is null)
        {
            return null;
        }

        var revoked = 0;
        foreach (var authorization in await authorizations.FindAsync(userId, applicationId, status: null, type: null, scopes: null, ct).ToListAsync(ct))
        {
            if (await authorizations.TryRevokeAsync(authorization, ct))
            {
                revoked++;
            }

            if (await authorizations.GetIdAsync(authorization, ct) is { } id)
            {
                await tokens.RevokeByAuthorizationIdAsync(id, ct);
            }
        }

        return revoked > 0 ? await applications.GetDisplayNameAsync(application, ct) ?? applicationId : null;
    }

    private async Task<HubUser> CreateServiceAccountAsync(OpenIdClientInput input, CancellationToken ct)
    {
        var email = $"{input.ClientId}@{ServiceAccountDomain}";
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            // No password: nobody can sign in as it; it exists so the API's rules apply to the client as to a member.
            user = new HubUser
            {
                UserName = email,
                Email = email,
                DisplayName = $"{input.DisplayName.Trim()} (service account)",
                OrganisationId = input.OrganisationId,
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(user, HubRoles.Member);
        }

        ct.ThrowIfCancellationRequested();
        return user;
    }

    private async Task<string> OrganisationNameAsync(long? organisationId, CancellationToken ct) =>
        organisationId is null ? "no organisation"
            : await db.Set<Organisation>().Where(o => o.Id == organisationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "no organisation";
}
