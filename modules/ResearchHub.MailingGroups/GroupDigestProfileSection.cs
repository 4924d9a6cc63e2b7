using ResearchHub.Core.Modules;

namespace ResearchHub.MailingGroups;

/// <summary>"Group digests" on the member's profile page: the time zone their digests follow.</summary>
public sealed class GroupDigestProfileSection : IProfileSection
{
    public int Order => 40;

    public string PartialName => "_GroupDigestProfileSection";
}
