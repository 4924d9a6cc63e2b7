using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// Hubs for test classes that sign in more than the default 30 times a minute: the in-process test
/// server has no client address, so every request shares the sign-in rate limit's one bucket.
/// </summary>
public sealed class AccountHubs : HubFactoryFixture
{
    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:RateLimits:SignInPerMinute", "1000");
}
