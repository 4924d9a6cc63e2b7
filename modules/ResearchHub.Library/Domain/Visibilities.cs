namespace ResearchHub.Library.Domain;

public static class Visibilities
{
    public static string DisplayName(ResourceVisibility visibility) => visibility switch
    {
        ResourceVisibility.Draft => "Draft",
        ResourceVisibility.Organisation => "Own organisation",
        ResourceVisibility.Network => "Network members",
        ResourceVisibility.Public => "Public",
        _ => visibility.ToString(),
    };

    public static string Describe(ResourceVisibility visibility) => visibility switch
    {
        ResourceVisibility.Draft => "Only its author, its organisation's editors and administrators can see it.",
        ResourceVisibility.Organisation => "Members of its organisation can see it.",
        ResourceVisibility.Network => "Every signed-in member of the network can see it.",
        ResourceVisibility.Public => "Everyone can see it, without signing in.",
        _ => "",
    };

    /// <summary>The theme's tag colour for a visibility.</summary>
    public static string TagClass(ResourceVisibility visibility) => visibility switch
    {
        ResourceVisibility.Public => "tag tag--green",
        ResourceVisibility.Network => "tag tag--blue",
        ResourceVisibility.Organisation => "tag",
        _ => "tag tag--grey",
    };

    /// <summary>"public", "network", "organisation", "draft": the API's and recipes' spelling.</summary>
    public static string Code(ResourceVisibility visibility) => visibility.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out ResourceVisibility visibility) =>
        Enum.TryParse(value, ignoreCase: true, out visibility) && Enum.IsDefined(visibility) && !int.TryParse(value, out _);
}
