using ResearchHub.Core.Modules;

namespace ResearchHub.Federation;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Add OAI-PMH sources, run harvests and read their logs.</summary>
    public const string ManageHarvesting = "Federation.ManageHarvesting";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ManageHarvesting, "Manage the OAI-PMH sources the library harvests", [HubRoles.Administrator]),
    ];
}
