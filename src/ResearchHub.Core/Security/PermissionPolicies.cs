using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Modules;

namespace ResearchHub.Core.Security;

/// <summary>
/// Policies named "Permission:X" require permission X; "Scope:Y" require an API token carrying
/// scope Y. Pages use <c>[Authorize(Policy = HubPolicies.Permission + "X")]</c>, endpoints
/// <c>.RequireAuthorization(HubPolicies.Scope + "Y")</c>.
/// </summary>
public static class HubPolicies
{
    public const string Permission = "Permission:";
    public const string Scope = "Scope:";

    /// <summary>The claim an API token's scopes are carried in, one claim per scope.</summary>
    public const string ScopeClaim = "scope";

    /// <summary>The authentication scheme of personal API tokens (Authorization: Bearer).</summary>
    public const string BearerScheme = "HubBearer";

    /// <summary>The rate-limit policy on sign-in, password reset and invitation pages (per client address).</summary>
    public const string SignInRateLimit = "sign-in";
}

public sealed class PermissionRequirement(string permission) : IAuthorizationRequirement
{
    public string PermissionName { get; } = permission;
}

public sealed class ScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

public sealed class PermissionAuthorizationHandler(PermissionService permissions)
    : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (permissions.Has(context.User, requirement.PermissionName))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasClaim(HubPolicies.ScopeClaim, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Builds "Permission:X" and "Scope:Y" policies on demand, so modules need not register each one.</summary>
public sealed class HubPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(HubPolicies.Permission, StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(policyName[HubPolicies.Permission.Length..]))
                .Build();
        }

        if (policyName.StartsWith(HubPolicies.Scope, StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder(HubPolicies.BearerScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(policyName[HubPolicies.Scope.Length..]))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}
