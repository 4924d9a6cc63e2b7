using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ResearchHub.Tests.Architecture;

/// <summary>
/// Modules are independent: a module uses another module through its services (and Core's
/// contribution interfaces), never through its <c>Data</c>, <c>Domain</c> entities or <c>Pages</c>.
/// Read from each module assembly's metadata, whose type references list every type the module's
/// code names, in signatures and in method bodies alike (a <c>db.Set&lt;HubUser&gt;()</c> included).
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string[] Owned = ["Data", "Domain", "Pages"];

    [Fact]
    public void No_module_uses_another_modules_data_domain_entities_or_pages()
    {
        var findings = new List<string>();
        foreach (var module in SourceFiles.Modules())
        {
            foreach (var (assembly, type) in ReferencedTypes(AssemblyPath(module)))
            {
                var other = assembly.StartsWith("ResearchHub.", StringComparison.Ordinal) ? assembly["ResearchHub.".Length..] : "";
                if (other != module && SourceFiles.Modules().Contains(other)
                    && Owned.Any(area => type.StartsWith($"ResearchHub.{other}.{area}.", StringComparison.Ordinal) || type.StartsWith($"ResearchHub.{other}.{area}+", StringComparison.Ordinal)))
                {
                    findings.Add($"{module} -> {type}");
                }
            }
        }

        ArchitectureBaseline.AssertMatches("known-module-references.txt", findings, "no module uses another module's Data, Domain or Pages");
    }

    [Fact]
    public void The_reader_lists_the_types_an_assembly_names_from_other_assemblies()
    {
        // The tests name both (db.Set<HubUser>() and friends in their helpers); a type of the
        // assembly itself is a definition, not a reference.
        var references = ReferencedTypes(typeof(ModuleBoundaryTests).Assembly.Location).Select(r => r.Type).ToHashSet();
        Assert.Contains("ResearchHub.Accounts.Domain.HubUser", references);
        Assert.Contains("ResearchHub.Library.Domain.Resource", references);
        Assert.DoesNotContain(typeof(ModuleBoundaryTests).FullName!, references);
    }

    private static string AssemblyPath(string module) =>
        Path.Combine(AppContext.BaseDirectory, $"ResearchHub.{module}.dll");

    /// <summary>(assembly name, full type name) of every type reference in the assembly's metadata.</summary>
    internal static IReadOnlyList<(string Assembly, string Type)> ReferencedTypes(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new List<(string, string)>();
        foreach (var handle in reader.TypeReferences)
        {
            var (assembly, name) = Resolve(reader, handle);
            if (assembly is not null)
            {
                result.Add((assembly, name));
            }
        }

        return result;
    }

    private static (string? Assembly, string Name) Resolve(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        var ns = reader.GetString(reference.Namespace);
        switch (reference.ResolutionScope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope);
                return (reader.GetString(assembly.Name), ns.Length == 0 ? name : $"{ns}.{name}");
            case HandleKind.TypeReference: // a nested type: Outer+Inner
                var (outerAssembly, outer) = Resolve(reader, (TypeReferenceHandle)reference.ResolutionScope);
                return (outerAssembly, $"{outer}+{name}");
            default:
                return (null, name);
        }
    }
}
