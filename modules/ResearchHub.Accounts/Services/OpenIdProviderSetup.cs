using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// The hub as an OpenID Connect provider (OpenIddict server): discovery, JWKS, authorization code
/// with PKCE, refresh tokens with rotation, client credentials, revocation and introspection; its
/// stores in HubDbContext; its keys from <see cref="OpenIdKeyRing"/>; and OpenIddict's validation of
/// its own access tokens, which the /api/v1 bearer scheme asks beside the personal tokens.
/// </summary>
public static class OpenIdProviderSetup
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string RevokePath = "/connect/revoke";
    public const string IntrospectPath = "/connect/introspect";
    public const string UserInfoPath = "/connect/userinfo";

    /// <summary>
    /// Plain HTTP only when the site itself is served over plain HTTP (development, tests): the site's
    /// address (Hub:BaseUrl, else the first of Urls) is http://. Behind an HTTPS address (or a proxy
    /// forwarding https) OpenIddict refuses anything else.
    /// </summary>
    public static bool ServedOverPlainHttp(IConfiguration configuration)
    {
        var address = configuration["Hub:BaseUrl"];
        if (string.IsNullOrWhiteSpace(address))
        {
            address = (configuration["Urls"] ?? "http://localhost:5080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        }

        return address.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
    }

    public static IServiceCollection AddHubOpenIdProvider(this IServiceCollection services, IConfiguration configuration)
    {
        var plainHttp = ServedOverPlainHttp(configuration);

        // The API's area scopes are the modules' (ApiScopeCatalog), known once the container is built.
        services.AddOptions<OpenIddictServerOptions>().Configure<ApiScopeCatalog>((o, catalog) => o.Scopes.UnionWith(catalog.All));
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<HubDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(TokenPath.TrimStart('/'))
                    .SetRevocationEndpointUris(RevokePath.TrimStart('/'))
                    .SetIntrospectionEndpointUris(IntrospectPath.TrimStart('/'))
                    .SetUserInfoEndpointUris(UserInfoPath.TrimStart('/'));
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                // S256 only: "plain" would let a stolen code be redeemed by whoever saw the challenge.
                o.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(configuration.GetValue("Hub:OpenId:AccessTokenMinutes", 60.0)));
                o.SetRefreshTokenLifetime(TimeSpan.FromDays(configuration.GetValue("Hub:OpenId:RefreshTokenDays", 14.0)));
                // Rotation without grace: a refresh token is spent the moment it is used; using it again is refused.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
                if (plainHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                // Every access token is checked against its database entry and its authorization, so
                // revoking a token, or a member withdrawing an application's access, takes effect at once.
                o.EnableTokenEntryValidation();
                o.EnableAuthorizationEntryValidation();
            });

        services.AddSingleton<OpenIdKeyRing>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, OpenIdServerKeysSetup>();
        services.AddSingleton<IStartupTask, OpenIdKeysStartupTask>();
        services.AddScoped<OpenIdClientService>();
        services.AddScoped<OpenIdPrincipals>();
        return services;
    }
}
