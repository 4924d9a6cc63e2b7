using ResearchHub.Core.Security;

namespace ResearchHub.Meetings.Api;

/// <summary>The meetings area of the API: meetings, registration and date polls.</summary>
public static class MeetingsApiScopes
{
    public const string Read = "meetings:read";
    public const string Write = "meetings:write";

    /// <summary>The area this module registers (<see cref="ApiScopeCatalog"/>).</summary>
    public static readonly ApiArea Area = new("meetings", "meetings, registration and date polls", HasWrite: true, Order: 30);
}
