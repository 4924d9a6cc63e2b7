using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Cli;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;
using ResearchHub.MailingGroups.Api;
using ResearchHub.MailingGroups.Jobs;
using ResearchHub.MailingGroups.Recipes;
using ResearchHub.Core.Email;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups;

/// <summary>
/// Mailing groups in the manner of Mailman 3 and Discourse's summaries: groups with join and post
/// policies and moderators, threads and replies, subscriptions per member (each post, daily,
/// weekly, monthly or none), digests that only hold what the member may see, sent once per period
/// through the outbox with list headers and one-click unsubscribe, and bounce suspension.
/// </summary>
public sealed class MailingGroupsModule : IHubModule
{
    public string Id => "MailingGroups";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailingGroupsOptions>(configuration.GetSection(MailingGroupsOptions.Section));
        services.AddSingleton<UnsubscribeTokens>();
        services.AddScoped<DigestRenderer>();
        services.AddScoped<DigestComposer>();
        services.AddScoped<DigestService>();
        services.AddScoped<DigestCommand>();
        services.AddSingleton<IHubCommand, DigestsCli>();
        services.AddScoped<GroupService>();
        services.AddScoped<PostAttachmentService>();
        services.AddScoped<ModerationNotices>();
        services.AddScoped<DigestPreferences>();
        services.AddSingleton<IProfileSection, GroupDigestProfileSection>();
        services.AddScoped<GroupAddresses>();
        services.AddScoped<IInboundMailHandler, GroupMailHandler>();
        services.AddScoped<GroupQueries>();
        // Search: published posts are documents for the group's members (see GroupPostSearchSource).
        services.AddScoped<GroupPostSearchSource>();
        services.AddScoped<ISearchSource>(sp => sp.GetRequiredService<GroupPostSearchSource>());
        services.AddScoped<ISearchAudienceSource>(sp => sp.GetRequiredService<GroupPostSearchSource>());
        services.AddHostedService<DigestWorker>();
        services.AddScoped<IRecipeStepHandler, MailingGroupsRecipeStep>();
        services.AddScoped<IRecipeExporter, MailingGroupsRecipeExporter>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddSingleton<IHomeSection, GroupsHomeSection>();
        services.AddScoped<INavigationProvider, MailingGroupsNavigation>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapAttachmentEndpoints();
}
