using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Data;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Jobs;
using ResearchHub.Library.Services;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Library;

/// <summary>Hubs whose extraction worker is off, so tests run extraction passes themselves and know when they end.</summary>
public sealed class LibraryHubs : HubFactoryFixture
{
    public const long MaxUploadBytes = 200_000;

    protected override void Configure(HubFactory factory) =>
        factory.WithSetting("Hub:Library:RunExtractionWorker", "false")
            .WithSetting("Hub:Library:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Organisations, members, resources and tokens made through the real services.</summary>
internal static class LibraryTestHelpers
{
    public const string Password = "Library-Passw0rd-1";

    /// <summary>The system acting as an administrator (as recipes do), for setting up data.</summary>
    public static readonly LibraryViewer Setup = new(true, null, "test setup", null, IsAdmin: true, CanContribute: true);

    public static Task<Organisation> CreateOrganisationAsync(HubFactory hub, string? name = null) =>
        hub.WithDbAsync(async db =>
        {
            var organisation = new Organisation { Name = name ?? $"Org {Guid.NewGuid():N}", Kind = OrganisationKind.ResearchPartner };
            db.Set<Organisation>().Add(organisation);
            await db.SaveChangesAsync();
            return organisation;
        });

    public static Task<HubUser> CreateUserAsync(HubFactory hub, string role, long? organisationId) =>
        hub.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<HubUser>>();
            var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
            var user = new HubUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Test {role}", OrganisationId = organisationId };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return user;
        });

    public static async Task<HttpClient> SignInAsync(HubFactory hub, HubUser user)
    {
        var client = hub.CreateBrowserClient();
        using var response = await client.PostFormAsync("/account/sign-in",
            new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpClient> SignInAdminAsync(HubFactory hub)
    {
        var client = hub.CreateBrowserClient();
        using var response = await client.PostFormAsync("/account/sign-in",
            new Dictionary<string, string> { ["Input.Email"] = HubFactory.AdminEmail, ["Input.Password"] = HubFactory.AdminPassword });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static Task<string> CreateTokenAsync(HubFactory hub, HubUser user, bool isAdministrator, params string[] scopes) =>
        hub.WithScopeAsync(async sp =>
        {
            var (created, errors) = await sp.GetRequiredService<ApiTokenService>()
                .CreateAsync(user, isAdministrator, "library test", scopes, 30, CancellationToken.None);
            Assert.True(created is not null, string.Join(" ", errors));
            return created.PlainText;
        });

    public static HttpClient ApiClient(HubFactory hub, string? token)
    {
        var client = hub.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A resource owned by <paramref name="ownerId"/>, created and (unless Draft) published by the system.</summary>
    public static Task<Resource> CreateResourceAsync(
        HubFactory hub, string title, long? ownerId, ResourceVisibility visibility,
        ResourceKind kind = ResourceKind.CaseStudy, Action<ResourceInput>? configure = null, string? createdById = null) =>
        hub.WithScopeAsync(async sp =>
        {
            var service = sp.GetRequiredService<ResourceService>();
            var input = new ResourceInput
            {
                Kind = kind,
                Title = title,
                Summary = $"Summary of {title}",
                Body = "Some *Markdown* body.",
                OwnerOrganisationId = ownerId,
                Authors = [new AuthorInput { Name = "Ada Lovelace", Orcid = "0000-0002-1825-0097" }],
                PublicationDate = new DateOnly(2019, 5, 31),
            };
            configure?.Invoke(input);
            var creator = createdById is null ? Setup : Setup with { UserId = createdById };
            var change = await service.CreateAsync(input, creator, CancellationToken.None);
            Assert.True(change.Succeeded, string.Join(" ", change.Errors.Select(e => $"{e.Key}: {e.Value}")));
            if (visibility != ResourceVisibility.Draft)
            {
                var published = await service.SetVisibilityAsync(change.Resource!.Id, visibility, Setup, CancellationToken.None);
                Assert.True(published.Errors.IsValid);
            }

            return (await service.LoadAsync(change.Resource!.Id, CancellationToken.None))!;
        });

    public static Task<FileUploadResult> AddFileAsync(HubFactory hub, long resourceId, string name, byte[] bytes) =>
        hub.WithScopeAsync(async sp =>
        {
            using var stream = new MemoryStream(bytes);
            return await sp.GetRequiredService<ResourceService>().AddFileAsync(resourceId, stream, name, Setup, CancellationToken.None);
        });

    public static Task<int> RunExtractionAsync(HubFactory hub) =>
        hub.WithScopeAsync(sp => sp.GetRequiredService<TextExtractionService>().RunDueAsync(CancellationToken.None));

    public static Task<ResourceFile> FileAsync(HubFactory hub, long fileId) =>
        hub.WithDbAsync(async db => (await db.Set<ResourceFile>().FindAsync(fileId))!);

    /// <summary>
    /// Posts the main form of a page as multipart, as a browser does: the form's own fields (its
    /// antiforgery token included) with <paramref name="fields"/> changed, and each file as a part of <paramref name="fileField"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> PostMultipartFormAsync(
        HttpClient client, string pageUrl, Dictionary<string, string> fields, string fileField, params (string Name, byte[] Bytes)[] files)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)document.QuerySelectorAll("main form[enctype='multipart/form-data']")[0];
        var values = HubClientExtensions.FormValues(form);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in values)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, fileField, name);
        }

        return await client.PostAsync(new Uri(form.GetAttribute("action") ?? pageUrl, UriKind.Relative), content);
    }

    /// <summary>
    /// Posts a multipart form of a page (its antiforgery token included) with one file, as a browser
    /// does for &lt;input type="file"&gt;.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string pageUrl, string action, string field, string fileName, byte[] bytes)
    {
        var document = await client.GetDocumentAsync(pageUrl);
        var token = document.QuerySelector($"form[action='{action}'] input[name='{HubClientExtensions.AntiforgeryField}']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"{pageUrl} has no form posting to {action}.");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), HubClientExtensions.AntiforgeryField },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, field, fileName);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content);
    }
}
