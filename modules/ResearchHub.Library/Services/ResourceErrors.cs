namespace ResearchHub.Library.Services;

/// <summary>Field errors keyed by the input's property path ("Title", "Authors[0].Orcid").</summary>
public sealed class ResourceErrors : Dictionary<string, string>
{
    public bool IsValid => Count == 0;
}
