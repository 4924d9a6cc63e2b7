using ResearchHub.Accounts.Api;
using ResearchHub.Codebooks.Api;
using ResearchHub.Core.Security;
using ResearchHub.Library.Api;
using ResearchHub.Meetings.Api;
using ResearchHub.Search.Api;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// The API's areas as the five modules register them, for theory data and expectations that need
/// them before a hub runs. <c>AreaScopeTests</c> checks that a running hub's catalog is this one.
/// </summary>
public static class TestApiScopes
{
    public static readonly ApiScopeCatalog Catalog = new(
        [AccountsApiScopes.Area, LibraryApiScopes.Area, MeetingsApiScopes.Area, CodebooksApiScopes.Area, SearchApiScopes.Area]);
}
