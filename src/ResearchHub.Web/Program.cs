using ResearchHub.Accounts;
using ResearchHub.Codebooks;
using ResearchHub.Federation;
using ResearchHub.Library;
using ResearchHub.MailingGroups;
using ResearchHub.Meetings;
using ResearchHub.Pages;
using ResearchHub.Search;
using ResearchHub.Web.Cli;
using ResearchHub.Web.Hosting;

// ResearchHub: the host. It lists the modules, wires the kernel, and either serves the site or,
// when the first argument is a verb (migrate, recipe, users, dev), runs that verb and exits.
var builder = WebApplication.CreateBuilder(HubCli.HostArgs(args));

builder.AddResearchHub(
    new AccountsModule(),   // members, organisations, roles, invitations, 2FA, API tokens, audit log
    new PagesModule(),      // Markdown pages, navigation, the home page
    new LibraryModule(),    // resources, files and their text, visibility, versions, evidence map, citations, feeds
    new MeetingsModule(),   // series, date polls, agendas, registration, calendars, reminders, minutes and actions
    new CodebooksModule(),  // story-coding schemes: code trees, REFI-QDA exchange, versions, crosswalks, coded excerpts and counts
    new FederationModule(), // OAI-PMH provider and harvester, the API description, discovery meta tags and sitemap
    new MailingGroupsModule(), // groups, posts, subscriptions, digests with list headers and one-click unsubscribe, bounces
    new SearchModule());    // one search over every module's documents: index, query language, facets, snippets, reindex

HubCli.ConfigureServices(builder.Services, args); // digests send-due --now INSTANT: the verb's clock

var app = builder.Build();

app.UseResearchHub();

return await HubCli.RunOrServeAsync(app, args);

/// <summary>Visible to the test projects' WebApplicationFactory.</summary>
public partial class Program;
