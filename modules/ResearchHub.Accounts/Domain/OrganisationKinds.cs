namespace ResearchHub.Accounts.Domain;

public static class OrganisationKinds
{
    public static string DisplayName(OrganisationKind kind) => kind switch
    {
        OrganisationKind.ResearchPartner => "Research partner",
        OrganisationKind.LacSite => "LAC site",
        OrganisationKind.NetworkBody => "Network body",
        OrganisationKind.Funder => "Funder",
        _ => kind.ToString(),
    };

    /// <summary>Accepts "ResearchPartner", "research-partner" or "research partner" (recipes, forms).</summary>
    public static bool TryParse(string? value, out OrganisationKind kind)
    {
        var normalised = (value ?? "").Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse(normalised, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }
}
