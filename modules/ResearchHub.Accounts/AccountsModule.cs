using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Api;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Recipes;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Security;

namespace ResearchHub.Accounts;

/// <summary>Members, organisations, roles, invitations, two-factor sign-in, API tokens and the audit log.</summary>
public sealed class AccountsModule : IHubModule
{
    public string Id => "Accounts";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddIdentity<HubUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Hub:Accounts:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Hub:Accounts:LockoutMinutes", 15));
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<HubDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<HubClaimsPrincipalFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "hub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/access-denied";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(HubPolicies.BearerScheme, null);

        services.AddScoped<AuditLog>();
        services.AddScoped<InvitationService>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<AdminBootstrapService>();
        services.AddSingleton<IStartupTask, RolesStartupTask>();
        services.AddSingleton<IStartupTask, FirstAdministratorStartupTask>();
        services.AddScoped<IRecipeStepHandler, OrganisationsRecipeStep>();
        services.AddScoped<IRecipeStepHandler, MembersRecipeStep>();
        services.AddScoped<IRecipeExporter, OrganisationsRecipeExporter>();
        services.AddScoped<IRecipeExporter, MembersRecipeExporter>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, AccountsNavigation>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapAccountsApi();
}
