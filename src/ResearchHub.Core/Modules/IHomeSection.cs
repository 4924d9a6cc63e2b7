namespace ResearchHub.Core.Modules;

/// <summary>
/// A section a module adds to the home page ("what needs you", "what is next", "what is new"): the
/// name of a Razor partial in the module's assembly, which injects what it needs and applies the
/// viewer's visibility. A partial that has nothing to show renders nothing.
/// </summary>
public interface IHomeSection
{
    /// <summary>Lower comes first within its area.</summary>
    int Order { get; }

    string PartialName { get; }

    /// <summary>Where on the home page the section goes; sections that do not say go below the dashboard.</summary>
    HomeArea Area => HomeArea.More;
}
