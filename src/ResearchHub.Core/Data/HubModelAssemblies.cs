using System.Reflection;

namespace ResearchHub.Core.Data;

/// <summary>The module assemblies whose EF configurations belong in the model.</summary>
public sealed class HubModelAssemblies(IEnumerable<Assembly> assemblies)
{
    public IReadOnlyList<Assembly> Assemblies { get; } = assemblies.Distinct().ToList();
}
