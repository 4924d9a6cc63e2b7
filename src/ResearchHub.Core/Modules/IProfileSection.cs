namespace ResearchHub.Core.Modules;

/// <summary>
/// A section a module adds to the member's profile page (a settings form of its own): the name of
/// a Razor partial in the module's assembly, whose form posts to the module's own page.
/// </summary>
public interface IProfileSection
{
    /// <summary>Lower comes first.</summary>
    int Order { get; }

    string PartialName { get; }
}
