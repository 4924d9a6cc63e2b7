using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Digests;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Recipes;
using ResearchHub.Core.Search;
using ResearchHub.Core.Web;
using ResearchHub.Meetings.Api;
using ResearchHub.Meetings.Jobs;
using ResearchHub.Meetings.Recipes;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings;

/// <summary>
/// The meeting series, date polls, meetings with hosts, speakers and agendas, registration,
/// calendars (.ics and feeds), invitations and reminders, documents (slides and papers), questionnaires, minutes, actions and the
/// learning log, and the reviewed post-meeting report.
/// </summary>
public sealed class MeetingsModule : IHubModule
{
    public string Id => "Meetings";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MeetingsOptions>(configuration.GetSection(MeetingsOptions.Section));
        services.AddScoped<MeetingAccess>();
        services.AddScoped<MeetingMail>();
        services.AddScoped<MeetingService>();
        services.AddScoped<MeetingHistory>();
        services.AddScoped<NotificationSettings>();
        services.AddSingleton<NotificationTokens>();
        services.AddSingleton<IProfileSection, MeetingNotificationsProfileSection>();
        // Search: meetings are searchable documents.
        services.AddScoped<MeetingSearchSource>();
        services.AddScoped<ISearchSource>(sp => sp.GetRequiredService<MeetingSearchSource>());
        services.AddScoped<RegistrationService>();
        services.AddScoped<PollService>();
        services.AddScoped<QuestionnaireService>();
        services.AddScoped<FollowUpService>();
        services.AddScoped<CalendarFeedService>();
        services.AddScoped<SeriesService>();
        services.AddScoped<MeetingQueries>();
        services.AddScoped<DocumentService>();
        services.AddScoped<ReminderService>();
        services.AddHostedService<ReminderWorker>();
        services.AddScoped<IRecipeStepHandler, MeetingSeriesRecipeStep>();
        services.AddScoped<IRecipeStepHandler, MeetingsRecipeStep>();
        services.AddScoped<IRecipeStepHandler, DatePollsRecipeStep>();
        services.AddScoped<IRecipeStepHandler, QuestionnairesRecipeStep>();
        services.AddScoped<IRecipeExporter, MeetingsRecipeExporter>();
        services.AddSingleton<IPermissionProvider, Permissions>();
        services.AddScoped<INavigationProvider, MeetingsNavigation>();
        services.AddSingleton(MeetingsApiScopes.Area);
        services.AddSingleton<IHomeSection, MeetingsHomeSection>();
        services.AddSingleton<IHomeSection, MeetingsNeedsYouSection>();
        services.AddScoped<ISitemapSource, MeetingsSitemapSource>();
        services.AddScoped<IDigestSection, UpcomingMeetingsDigestSection>();
        services.AddScoped<IDigestSection, PollsAwaitingDigestSection>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMeetingsApi();
        endpoints.MapCalendarEndpoints();
        endpoints.MapDocumentEndpoints();
    }
}
