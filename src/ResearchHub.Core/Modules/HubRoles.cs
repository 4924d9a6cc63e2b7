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
