using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using ResearchHub.Core.Data;
using ResearchHub.Core.Web;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// "Sign in with your organisation": OpenIddict's client (authorization code with PKCE, the answer
/// in the query string, the provider's documents fetched with System.Net.Http), one registration per
/// organisation connection (<see cref="OrganisationSignInRegistrations"/>). The callback is a page of
/// the hub (<c>/account/sign-in/organisation/{key}/callback</c>, passed through to it by OpenIddict).
/// </summary>
public static class OrganisationSignInSetup
{
    public const string PathPrefix = AccountsUrls.OrganisationSignIn;

    public static IServiceCollection AddHubOrganisationSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        // As for the provider: plain HTTP only when the site itself is served over plain HTTP (development, tests).
        var plainHttp = OpenIdProviderSetup.ServedOverPlainHttp(configuration);
        services.AddOpenIddict()
            .AddClient(o =>
            {
                o.AllowAuthorizationCodeFlow();
                var aspNetCore = o.UseAspNetCore()
                    .EnableRedirectionEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (plainHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                    // OpenIddict's correlation cookie is SameSite=None and so Secure, which plain HTTP never
                    // sends back; the answer comes back as a top-level GET (query response mode), which
                    // SameSite=Lax cookies ride on.
                    aspNetCore.Configure(options =>
                    {
                        options.CookieBuilder.SameSite = SameSiteMode.Lax;
                        options.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    });
                }

                o.UseSystemNetHttp().SetProductInformation("ResearchHub", "1.0");
            });

        services.AddSingleton<OrganisationSignInRegistrations>();
        services.AddSingleton<IConfigureOptions<OpenIddictClientOptions>>(sp => sp.GetRequiredService<OrganisationSignInRegistrations>());
        services.AddSingleton<IStartupFilter, OrganisationSignInFreshness>();
        services.AddScoped<OrganisationConnectionService>();
        services.AddScoped<OrganisationSignIn>();
        return services;
    }
}

/// <summary>
/// Before anything else on a request under <see cref="OrganisationSignInSetup.PathPrefix"/> (a sign-in
/// starting or coming back): the client registrations are rebuilt if the connections changed since.
/// It must run before authentication, where OpenIddict recognises its callback paths.
/// </summary>
internal sealed class OrganisationSignInFreshness : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (context.Request.Path.StartsWithSegments(OrganisationSignInSetup.PathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var services = context.RequestServices;
                await services.GetRequiredService<OrganisationSignInRegistrations>().EnsureCurrentAsync(
                    services.GetRequiredService<HubDbContext>(), services.GetRequiredService<SiteAddress>(), context.RequestAborted);
            }

            await proceed(context);
        });
        next(app);
    };
}
