using ResearchHub.Core.Modules;

namespace ResearchHub.Accounts;

/// <summary>"Connected applications" on the member's profile page: the OAuth applications they allowed, with withdraw.</summary>
public sealed class ConnectedApplicationsProfileSection : IProfileSection
{
    public int Order => 20;

    public string PartialName => "_ConnectedApplicationsProfileSection";
}
