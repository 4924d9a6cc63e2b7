namespace ResearchHub.Meetings.Domain;

/// <summary>A host or speaker, with a short biography; linked to a member's profile when they are one.</summary>
public sealed class Person
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Role and organisation, e.g. "Chief Executive, Iriss".</summary>
    public string? Affiliation { get; set; }
    public string BiographyMarkdown { get; set; } = "";
    public string? UserId { get; set; }
}
