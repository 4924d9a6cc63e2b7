using ResearchHub.Core.Modules;

namespace ResearchHub.Library;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Create resources and manage those of one's own organisation.</summary>
    public const string Contribute = HubPermissions.ContributeForOrganisation;
    /// <summary>Manage every organisation's resources.</summary>
    public const string ManageAll = "Library.ManageAll";
    public const string ManageVocabularies = "Library.ManageVocabularies";
    public const string ManageEvaluationQuestions = "Library.ManageEvaluationQuestions";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(Contribute, "Add resources and manage their own organisation's resources", [HubRoles.Administrator, HubRoles.PartnerEditor]),
        new(ManageAll, "Manage every organisation's resources", [HubRoles.Administrator]),
        new(ManageVocabularies, "Edit the library's vocabularies (sites, practice areas, methods, measures)", [HubRoles.Administrator]),
        new(ManageEvaluationQuestions, "Edit the network's evaluation questions (the evidence map's rows)", [HubRoles.Administrator, HubRoles.Organiser]),
    ];
}
