using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ResearchHub.Core.Security;

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
