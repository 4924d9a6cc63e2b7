namespace ResearchHub.Meetings.Domain;

/// <summary>
/// An anonymous response. It has no author, no time and a random id, so nothing in the row (nor
/// its id's order) ties it to <see cref="QuestionnaireRespondent"/>, which only records that a member
/// has answered (one response each).
/// </summary>
public sealed class QuestionnaireResponse
{
    public Guid Id { get; set; }
    public long QuestionnaireId { get; set; }
    public List<QuestionnaireAnswer> Answers { get; set; } = [];
}
