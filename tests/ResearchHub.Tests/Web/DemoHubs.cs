using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Web;

/// <summary>Hubs with the demo network (content-recipes/lac-research-network.recipe.json): real ids and public records of every kind.</summary>
public sealed class DemoHubs : HubFactoryFixture
{
    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:Setup:Recipe", HubFactory.RecipePath("lac-research-network.recipe.json"))
            .WithSetting("Hub:Library:RunExtractionWorker", "false");
}
