using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ResearchHub.Accounts.Pages.Connect;

/// <summary>
/// The OpenID Connect authorization endpoint (OpenIddict has validated the client, redirect URI,
/// PKCE and scopes before this runs). A member who is not signed in is sent to sign in and brought
/// back; one who already consented to these scopes for this application goes straight back to it;
/// anyone else sees the consent page listing the application and the area scopes it asks for.
/// Consent is remembered per application (a permanent authorization) until withdrawn on the profile.
/// </summary>
[AllowAnonymous]
public sealed class AuthorizeModel(
    UserManager<HubUser> users,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    OpenIdPrincipals principals,
    AuditLog audit,
    ApiScopeCatalog scopeCatalog) : PageModel
{
    public string ApplicationName { get; private set; } = "";

    public IReadOnlyList<(string Scope, string Description)> Scopes { get; private set; } = [];

    /// <summary>The request's parameters, carried by the consent form back to this endpoint.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestParameters { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => HandleAsync(consented: null, ct);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) => HandleAsync(consented: true, ct);

    public Task<IActionResult> OnPostDenyAsync(CancellationToken ct) => HandleAsync(consented: false, ct);

    private async Task<IActionResult> HandleAsync(bool? consented, CancellationToken ct)
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        if (request is null)
        {
            return BadRequest();
        }

        var signedIn = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = signedIn.Succeeded ? await users.GetUserAsync(signedIn.Principal) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login) && consented is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The member is not signed in.");
            }

            // Back here after signing in, with the same parameters (prompt=login dropped, so it is asked once).
            IEnumerable<KeyValuePair<string, StringValues>> parameters = Request.HasFormContentType ? Request.Form.Where(p => p.Key != "__RequestVerificationToken") : Request.Query;
            var query = QueryString.Create(parameters.Where(p => p.Key != Parameters.Prompt || p.Value != PromptValues.Login)
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())));
            return Challenge(new AuthenticationProperties { RedirectUri = Request.PathBase + Request.Path + query }, IdentityConstants.ApplicationScheme);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, ct);
        if (application is null)
        {
            return Refuse(Errors.InvalidClient, "The application is not registered.");
        }

        var applicationId = (await applications.GetIdAsync(application, ct))!;
        ApplicationName = await applications.GetLocalizedDisplayNameAsync(application, ct) ?? request.ClientId!;
        var scopes = await principals.GrantableAsync(user, request.GetScopes());

        if (consented == false)
        {
            return Refuse(Errors.AccessDenied, "The member did not allow the application.");
        }

        // A consent given earlier for these scopes is remembered; prompt=consent asks again.
        var remembered = new List<object>();
        if (!request.HasPromptValue(PromptValues.Consent))
        {
            remembered.AddRange(await authorizations.FindAsync(user.Id, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, [.. scopes], ct).ToListAsync(ct));
        }

        if (consented is null && remembered.Count == 0)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.ConsentRequired, "The member has not allowed this application yet.");
            }

            Scopes = [.. scopes.Select(s => (s, Describe(s)))];
            RequestParameters = [.. Request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? "")))];
            if (Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var redirect))
            {
                HttpContext.Items[ContentSecurity.FormActionOriginItem] = redirect.GetLeftPart(UriPartial.Authority);
            }

            return Page();
        }

        var principal = principals.Create(user, scopes);
        var granted = remembered.FirstOrDefault();
        if (granted is null)
        {
            granted = await authorizations.CreateAsync(principal, user.Id, applicationId, AuthorizationTypes.Permanent, principal.GetScopes(), ct);
            await audit.WriteAsync(AuditActions.OpenIdConsentGranted, target: request.ClientId, detail: string.Join(" ", scopes), actorId: user.Id, actorEmail: user.Email, ct: ct);
        }

        principal.SetAuthorizationId(await authorizations.GetIdAsync(granted, ct));
        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>What a scope lets the application do, in the member's words.</summary>
    public string Describe(string scope)
    {
        var area = scopeCatalog.Areas.FirstOrDefault(a => scope == a.ReadScope || scope == a.WriteScope);
        return scope switch
        {
            OpenIddictConstants.Scopes.OpenId => "Know who you are on this hub",
            OpenIddictConstants.Scopes.Profile => "See your name",
            OpenIddictConstants.Scopes.Email => "See your e-mail address",
            OpenIddictConstants.Scopes.OfflineAccess => "Keep this access when you are not using the application (until you withdraw it)",
            ApiScopes.Admin => "Use the administration API as you (you are an administrator)",
            _ when area is not null && scope == area.WriteScope => $"Create and change {area.Description} as you",
            _ when area is not null => $"Read {area.Description} that you may see",
            _ => scope,
        };
    }

    private ForbidResult Refuse(string error, string description) =>
        Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
