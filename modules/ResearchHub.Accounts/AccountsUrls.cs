namespace ResearchHub.Accounts;

/// <summary>The module's addresses, in one place for the cookie's redirects, menus, e-mails and pages.</summary>
public static class AccountsUrls
{
    public const string SignIn = "/account/sign-in";
    public const string SignOut = "/account/sign-out";
    public const string AccessDenied = "/account/access-denied";
    public const string Profile = "/account/profile";
    public const string Tokens = "/account/tokens";
    public const string ResetPassword = "/account/reset-password";
    public const string AcceptInvitation = "/account/accept-invitation";

    /// <summary>Where "Sign in with ..." starts for the organisation connection <c>key</c>, and where its provider answers.</summary>
    public const string OrganisationSignIn = "/account/sign-in/organisation";

    public static string OrganisationCallback(string key) => $"{OrganisationSignIn}/{key}/callback";
}
