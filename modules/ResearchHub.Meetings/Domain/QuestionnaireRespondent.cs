namespace ResearchHub.Meetings.Domain;

/// <summary>"This member has answered": the key is the pair, with no time and no link to the answers.</summary>
public sealed class QuestionnaireRespondent
{
    public long QuestionnaireId { get; set; }
    public required string UserId { get; set; }
}
