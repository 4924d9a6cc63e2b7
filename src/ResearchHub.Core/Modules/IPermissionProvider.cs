namespace ResearchHub.Core.Modules;

/// <summary>A module's permissions (Orchard's IPermissionProvider, with role stereotypes inline).</summary>
public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();
}
