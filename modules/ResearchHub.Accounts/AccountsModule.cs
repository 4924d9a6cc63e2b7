using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResearchHub.Accounts.Api;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Recipes;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts;

/// <summary>Members, organisations, roles, invitations, two-factor sign-in, API tokens, the OpenID Connect provider and the audit log.</summary>
public sealed class AccountsModule : IHubModule
{
    public string Id => "Accounts";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AccountsOptions.Section);
        services.Configure<AccountsOptions>(section);
        var accounts = section.Get<AccountsOptions>() ?? new AccountsOptions();
        services.AddIdentity<HubUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // ASVS 2.1: length and a list of common passwords, no composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = accounts.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.LockoutMinutes);
                o.SignIn.RequireConfirmedAccount = false;
                // Version 3 adds passkeys (Data/IdentityConfiguration maps it by hand: HubDbContext is
                // not an IdentityDbContext, so this setting documents the schema rather than builds it).
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<HubDbContext>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider: each code works once.
            .AddTokenProvider<TotpTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<HubClaimsPrincipalFactory>();
        services.AddSingleton<CommonPasswordValidator>();
        services.AddSingleton<IPasswordValidator<HubUser>>(sp => sp.GetRequiredService<CommonPasswordValidator>());

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "hub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = AccountsUrls.SignIn;
            o.LogoutPath = AccountsUrls.SignOut;
            o.AccessDeniedPath = AccountsUrls.AccessDenied;
            // The session record (MemberSessions) holds the absolute end and the idle limit; the
            // cookie itself lasts no longer than the session can.
            o.SlidingExpiration = false;
            o.ExpireTimeSpan = TimeSpan.FromDays(accounts.SessionDays);
            o.EventsType = typeof(SessionCookieEvents);
        });
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            // A passkey signs in alone and stands for both steps of two-step sign-in, so the
            // authenticator must verify the person (PIN or biometric) and hold the credential
            // itself (discoverable), so sign-in needs no email address first.
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
        });
        services.TryAddScoped<IPasskeyHandler<HubUser>, PasskeyHandler<HubUser>>();
        services.AddScoped<PasskeyService>();
        services.AddSingleton<IHubCommand, UsersCli>();
        services.AddSingleton<IHubCommand, OpenIdCli>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(HubPolicies.BearerScheme, null);

        services.AddHubOpenIdProvider(configuration);
        services.AddHubOrganisationSignIn(configuration);
        services.AddSingleton<IProfileSection, ConnectedApplicationsProfileSection>();

        services.AddScoped<AuditLog>();
        services.AddScoped<IMemberDirectory, MemberDirectory>();
        services.AddScoped<MemberSessions>();
        services.AddSingleton<DecoyPassword>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<InvitationService>();
        services.AddSingleton<PasswordResetQueue>();
        services.AddHostedService<PasswordResetWorker>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<AdminBootstrapService>();
        services.AddSingleton<IStartupTask, RolesStartupTask>();
        services.AddSingleton<IStartupTask, FirstAdministratorStartupTask>();
        services.AddScoped<IRecipeStepHandler, OrganisationsRecipeStep>();
        services.AddScoped<IRecipeStepHandler, MembersRecipeStep>();
        services.AddScoped<IRecipeStepHandler, OpenIdClientsRecipeStep>();
        services.AddScoped<IRecipeStepHandler, OrganisationSignInRecipeStep>();
        services.AddScoped<IRecipeExporter, OrganisationsRecipeExporter>();
        services.AddScoped<IRecipeExporter, MembersRecipeExporter>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, AccountsNavigation>();
        services.AddSingleton(AccountsApiScopes.Area);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAccountsApi();
        endpoints.MapOpenIdEndpoints();
    }
}
