using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages;

/// <summary>A host's or speaker's fields (added on the manage page, changed on their edit page).</summary>
public sealed class PersonForm
{
    public string? Name { get; set; }
    public string? Affiliation { get; set; }
    public string? Biography { get; set; }
    public MeetingRole Role { get; set; } = MeetingRole.Speaker;
    public string? MemberEmail { get; set; }

    public static readonly string[] ErrorOrder =
        ["PersonInput.Name", "PersonInput.Affiliation", "PersonInput.Role", "PersonInput.MemberEmail", "PersonInput.Biography"];

    public MeetingPersonInput ToInput() => new(Name, Affiliation, Biography, Role, MemberEmail);

    public static PersonForm From(MeetingPerson role, string? memberEmail) => new()
    {
        Name = role.Person!.Name,
        Affiliation = role.Person.Affiliation,
        Biography = role.Person.BiographyMarkdown,
        Role = role.Role,
        MemberEmail = memberEmail,
    };
}
