namespace ResearchHub.Library.Domain;

public static class EvaluationStatuses
{
    public static string DisplayName(EvaluationStatus status) => status switch
    {
        EvaluationStatus.Planned => "Planned",
        EvaluationStatus.InProgress => "In progress",
        EvaluationStatus.Interim => "Interim findings",
        EvaluationStatus.Final => "Final",
        _ => status.ToString(),
    };

    public static bool TryParse(string? value, out EvaluationStatus status) =>
        Enum.TryParse((value ?? "").Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out status)
        && Enum.IsDefined(status) && !int.TryParse(value, out _);
}
