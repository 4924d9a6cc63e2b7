using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Web;

/// <summary>The demo network, with each response's query count in its X-Hub-Queries header (read with <see cref="CountedPages"/>).</summary>
public sealed class CountedDemoHubs : HubFactoryFixture
{
    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"))
            .WithSetting("Hub:Library:RunExtractionWorker", "false")
            .WithSetting("Hub:Diagnostics:QueryCountHeader", "true");
}
