using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Modules;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;
using ResearchHub.Tests.Infrastructure;
using ResearchHub.Tests.Library;
using static ResearchHub.Tests.Library.LibraryTestHelpers;
using static ResearchHub.Tests.Search.SearchTestHelpers;

namespace ResearchHub.Tests.Search;

/// <summary>Codebooks and their codes are searched under the library's visibility rule, and a change reaches the index at once.</summary>
public sealed class CodebookSearchTests(LibraryHubs hubs) : IClassFixture<LibraryHubs>
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Codes_are_found_by_those_who_may_see_the_codebook(string provider)
    {
        var hub = await hubs.GetAsync(provider);
        var owner = await CreateOrganisationAsync(hub);
        var other = await CreateOrganisationAsync(hub);
        var editor = await CreateUserAsync(hub, HubRoles.PartnerEditor, owner.Id);
        var member = await CreateUserAsync(hub, HubRoles.Member, owner.Id);
        var outsider = await CreateUserAsync(hub, HubRoles.PartnerEditor, other.Id);
        var admin = await hub.WithScopeAsync(async sp => await sp.GetRequiredService<UserManager<HubUser>>().FindByEmailAsync(HubFactory.AdminEmail));
        var word = "zc" + Guid.NewGuid().ToString("N")[..10];
        var asEditor = new LibraryViewer(true, editor.Id, "editor", owner.Id, IsAdmin: false, CanContribute: true);

        var names = new Dictionary<ResourceVisibility, string>();
        foreach (var visibility in Enum.GetValues<ResourceVisibility>())
        {
            names[visibility] = $"{visibility} scheme {Guid.NewGuid():N}"[..30];
            var name = names[visibility];
            await hub.WithScopeAsync(async sp =>
            {
                var service = sp.GetRequiredService<CodebookService>();
                var (codebook, error) = await service.CreateAsync(new CodebookInput(name, "Story coding.", null, visibility, owner.Id, null), asEditor, CancellationToken.None);
                Assert.Null(error);
                // The word is only in a code's definition: the code's save must reach the index.
                var (_, codeError) = await service.AddCodeAsync(codebook!.Id, new CodeInput("Connection", $"Moments of {word} with neighbours", null, null, null, null, true, null), asEditor, CancellationToken.None);
                Assert.Null(codeError);
            });
        }

        ResourceVisibility[] all = [ResourceVisibility.Draft, ResourceVisibility.Organisation, ResourceVisibility.Network, ResourceVisibility.Public];
        var viewers = new (HttpClient Api, ResourceVisibility[] Sees)[]
        {
            (ApiClient(hub, null), [ResourceVisibility.Public]),
            (ApiClient(hub, await CreateTokenAsync(hub, member, false, "read")), [ResourceVisibility.Organisation, ResourceVisibility.Network, ResourceVisibility.Public]),
            (ApiClient(hub, await CreateTokenAsync(hub, outsider, false, "read")), [ResourceVisibility.Network, ResourceVisibility.Public]),
            (ApiClient(hub, await CreateTokenAsync(hub, editor, false, "read")), all),
            (ApiClient(hub, await CreateTokenAsync(hub, admin!, true, "read")), all),
        };
        foreach (var (api, sees) in viewers)
        {
            var result = await ApiAsync(api, word);
            Assert.Equal(sees.Select(v => names[v]).Order().ToList(), Titles(result).Order().ToList());
            Assert.Equal(sees.Length, result.GetProperty("total").GetInt32());
        }
    }
}
