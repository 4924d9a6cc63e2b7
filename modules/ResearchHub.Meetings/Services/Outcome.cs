namespace ResearchHub.Meetings.Services;

/// <summary>Either a value or the problems that stopped it; when there are problems nothing was changed.</summary>
public sealed record Outcome<T>(T? Value, IReadOnlyList<Problem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public static Outcome<T> Ok(T value) => new(value, []);

    public static Outcome<T> Fail(params Problem[] problems) => new(default, problems);

    public static Outcome<T> Fail(IReadOnlyList<Problem> problems) => new(default, problems);
}
