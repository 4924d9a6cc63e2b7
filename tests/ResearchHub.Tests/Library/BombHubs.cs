using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Library;

/// <summary>Library hubs that take uploads of a few MB (the bombs are a few hundred KB), extraction run by the tests.</summary>
public sealed class BombHubs : HubFactoryFixture
{
    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:Library:RunExtractionWorker", "false")
            .WithSetting("Hub:Library:MaxUploadBytes", "5000000");
}
