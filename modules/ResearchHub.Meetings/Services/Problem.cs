namespace ResearchHub.Meetings.Services;

/// <summary>What was wrong with a request, in words for the person who made it, and the field it concerns.</summary>
public sealed record Problem(string Field, string Message);
