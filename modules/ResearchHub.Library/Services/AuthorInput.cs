namespace ResearchHub.Library.Services;

public sealed class AuthorInput
{
    public string? Name { get; set; }
    public string? Orcid { get; set; }
}
