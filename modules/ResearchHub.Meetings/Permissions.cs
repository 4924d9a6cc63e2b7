using ResearchHub.Core.Modules;

namespace ResearchHub.Meetings;

public sealed class Permissions : IPermissionProvider
{
    /// <summary>Series, meetings, agendas, polls, participant lists, minutes, actions and reports.</summary>
    public const string Manage = "Meetings.Manage";

    /// <summary>Register, answer polls and questionnaires, review reports, see network meetings.</summary>
    public const string Participate = "Meetings.Participate";

    public IEnumerable<Permission> GetPermissions() =>
    [
        new(Manage, "Organise meetings: series, polls, agendas, invitations, participants, minutes and reports",
            [HubRoles.Administrator, HubRoles.Organiser]),
        new(Participate, "Take part in meetings: register, answer polls and questionnaires, review reports",
            [.. HubRoles.All]),
    ];
}
