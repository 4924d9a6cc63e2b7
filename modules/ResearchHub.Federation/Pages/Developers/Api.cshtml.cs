using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using ResearchHub.Core.Security;

namespace ResearchHub.Federation.Pages.Developers;

/// <summary>
/// The API reference for people: every /api/v1 operation, grouped by module, rendered on the server
/// from the same endpoint metadata as /openapi/v1.json (no script, so the strict CSP holds).
/// </summary>
public sealed class ApiModel(IApiDescriptionGroupCollectionProvider descriptions) : PageModel
{
    public sealed record Operation(string Method, string Path, string? Summary, IReadOnlyList<string> Parameters, string? Body, IReadOnlyList<int> Statuses, bool RequiresToken, string? Scope);

    public IReadOnlyList<IGrouping<string, Operation>> Groups { get; private set; } = [];

    public void OnGet()
    {
        Groups = descriptions.ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true)
            .Select(d => (Tag: d.ActionDescriptor.EndpointMetadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault() ?? "Other",
                Operation: new Operation(
                    d.HttpMethod ?? "GET",
                    "/" + d.RelativePath!.TrimEnd('/'),
                    d.ActionDescriptor.EndpointMetadata.OfType<IEndpointSummaryMetadata>().FirstOrDefault()?.Summary
                        ?? d.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName,
                    d.ParameterDescriptions.Where(p => p.Source.Id is "Path" or "Query").Select(p => $"{p.Name} ({p.Source.Id.ToLowerInvariant()})").Distinct().ToList(),
                    d.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Body")?.Type?.Name,
                    d.SupportedResponseTypes.Select(r => r.StatusCode).Distinct().Order().ToList(),
                    d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(),
                    d.ActionDescriptor.EndpointMetadata.OfType<ApiScopeMetadata>().LastOrDefault()?.Scope)))
            .OrderBy(x => x.Tag, StringComparer.Ordinal).ThenBy(x => x.Operation.Path, StringComparer.Ordinal).ThenBy(x => x.Operation.Method, StringComparer.Ordinal)
            .GroupBy(x => x.Tag, x => x.Operation)
            .ToList();
    }
}
