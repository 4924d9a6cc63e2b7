using System.Security.Claims;

namespace ResearchHub.Core.Modules;

/// <summary>
/// Answers "may this user do that?" from the roles in the user's claims and the permissions modules
/// define. Administrators hold every permission. Used by the authorization policies and the menus.
/// </summary>
public sealed class PermissionService
{
    private readonly Dictionary<string, Permission> _permissions;

    public PermissionService(IEnumerable<IPermissionProvider> providers)
    {
        _permissions = providers.SelectMany(p => p.GetPermissions())
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<Permission> All => _permissions.Values;

    public bool Has(ClaimsPrincipal user, string permission)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (user.IsInRole(HubRoles.Administrator))
        {
            return true;
        }

        return _permissions.TryGetValue(permission, out var p) && p.Roles.Any(user.IsInRole);
    }
}
