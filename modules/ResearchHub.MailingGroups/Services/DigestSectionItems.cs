using ResearchHub.Core.Digests;

namespace ResearchHub.MailingGroups.Services;

/// <summary>One contributed section of one member's digest: the section and the items the member may see in it.</summary>
public sealed record DigestSectionItems(IDigestSection Section, IReadOnlyList<DigestItem> Items);
