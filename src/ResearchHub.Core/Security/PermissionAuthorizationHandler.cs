using Microsoft.AspNetCore.Authorization;
using ResearchHub.Core.Modules;

namespace ResearchHub.Core.Security;

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
