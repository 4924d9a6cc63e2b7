using ResearchHub.Core.Modules;

namespace ResearchHub.Federation;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Add OAI-PMH sources, run harvests and read their logs.</summary>
    public const string ManageHarvesting = "Federation.ManageHarvesting";

    /// <summary>Export the site's content (members' emails included) as a recipe zip.</summary>
    public const string ExportContent = "Federation.ExportContent";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(ManageHarvesting, "Manage the OAI-PMH sources the library harvests", [HubRoles.Administrator]),
        new(ExportContent, "Export the site's content, members' emails included, as a recipe", [HubRoles.Administrator]),
    ];
}
