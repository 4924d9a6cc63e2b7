namespace ResearchHub.Meetings.Domain;

public enum ReportStatus
{
    Draft = 0,
    InReview = 1,
    Published = 2,
}
