namespace ResearchHub.MailingGroups.Services;

/// <summary>A parsed group address.</summary>
public sealed record GroupAddress(GroupAddressKind Kind, string Slug, long? ThreadId);
