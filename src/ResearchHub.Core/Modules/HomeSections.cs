namespace ResearchHub.Core.Modules;

/// <summary>
/// A section a module adds to the home page ("what is new", "what is next"): the name of a Razor
/// partial in the module's assembly, which injects what it needs and applies the viewer's visibility.
/// </summary>
public interface IHomeSection
{
    /// <summary>Lower comes first.</summary>
    int Order { get; }

    string PartialName { get; }
}
