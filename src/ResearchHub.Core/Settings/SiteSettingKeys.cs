namespace ResearchHub.Core.Settings;

public static class SiteSettingKeys
{
    public const string NetworkName = "NetworkName";
    public const string Tagline = "Tagline";
    public const string ContactEmail = "ContactEmail";

    /// <summary>The hub's canonical public address (see <c>SiteAddress</c>); this hub's own, never exported.</summary>
    public const string BaseUrl = "BaseUrl";
}
