using System.Security.Claims;

namespace ResearchHub.Core.Modules;

/// <summary>The four roles of the network. Anonymous visitors hold no role.</summary>
public static class HubRoles
{
    public const string Administrator = "Administrator";
    public const string Organiser = "Organiser";
    public const string PartnerEditor = "PartnerEditor";
    public const string Member = "Member";

    public static readonly IReadOnlyList<string> All = [Administrator, Organiser, PartnerEditor, Member];

    public static string DisplayName(string role) => role switch
    {
        PartnerEditor => "Partner editor",
        _ => role,
    };
}

/// <summary>A named permission a module defines, and the roles that hold it by default.</summary>
public sealed record Permission(string Name, string Description, IReadOnlyList<string> Roles);

/// <summary>A module's permissions (Orchard's IPermissionProvider, with role stereotypes inline).</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();
}

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
