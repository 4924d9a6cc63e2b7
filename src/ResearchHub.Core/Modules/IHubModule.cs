using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResearchHub.Core.Modules;

/// <summary>
/// One capability of the hub. The host lists its modules explicitly in Program.cs (no assembly
/// scanning): a module registers its services, maps its API endpoints, and contributes EF
/// configurations, navigation, permissions and recipe steps through the small interfaces in Core.
/// Razor Pages in the module's assembly are found by convention.
/// </summary>
public interface IHubModule
{
    /// <summary>The module id, which is also its folder, project and namespace suffix.</summary>
    string Id { get; }

    void ConfigureServices(IServiceCollection services, IConfiguration configuration);

    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
