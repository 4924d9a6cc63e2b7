using Microsoft.AspNetCore.Authorization;

namespace ResearchHub.Core.Security;

public sealed class PermissionRequirement(string permission) : IAuthorizationRequirement
{
    public string PermissionName { get; } = permission;
}
