using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResearchHub.Core.Data;
using ResearchHub.Core.Settings;

namespace ResearchHub.Core.Web;

/// <summary>
/// On first run, stores the site's address in site settings ("Hub:BaseUrl" when configured, else
/// the one derived from the listening URLs), where an administrator can change it; on every start,
/// loads the stored one.
/// </summary>
internal sealed class SiteAddressStartupTask(SiteAddress address, ILogger<SiteAddressStartupTask> logger) : IStartupTask
{
    public int Order => 5;

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var settings = services.GetRequiredService<SiteSettingsService>();
        if (SiteAddress.Normalize(await settings.GetAsync(SiteSettingKeys.BaseUrl, ct)) is null)
        {
            var first = address.Configured ?? address.Default;
            await settings.SetAsync(SiteSettingKeys.BaseUrl, first, ct);
            await services.GetRequiredService<HubDbContext>().SaveChangesAsync(ct);
            logger.LogInformation("The site's address is {BaseUrl}; an administrator can change it at /admin/site-address", first);
        }

        await address.RefreshAsync(ct);
        if (address.Configured is { } configured)
        {
            logger.LogInformation("Hub:BaseUrl sets the site's address: {BaseUrl}", configured);
        }
    }
}
