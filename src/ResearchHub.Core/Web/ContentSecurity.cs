namespace ResearchHub.Core.Web;

/// <summary>Per-response additions to the site's Content-Security-Policy.</summary>
public static class ContentSecurity
{
    /// <summary>
    /// HttpContext.Items key: an origin (like https://tool.example.org) a form on this page may end up
    /// at through a redirect, added to form-action (the OpenID Connect consent page, whose answer is
    /// redirected to the application's redirect URI: browsers apply form-action to that redirect).
    /// </summary>
    public const string FormActionOriginItem = "ResearchHub.Csp.FormActionOrigin";
}
