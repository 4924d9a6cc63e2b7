namespace ResearchHub.Accounts.Domain;

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string SignedOutEverywhere = "signed-out-everywhere";
    public const string RoleChanged = "role-changed";
    public const string InvitationSent = "invitation-sent";
    public const string InvitationAccepted = "invitation-accepted";
    public const string InvitationRevoked = "invitation-revoked";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string PasswordReset = "password-reset";
    public const string PasswordChanged = "password-changed";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string PasskeyAdded = "passkey-added";
    public const string PasskeyRemoved = "passkey-removed";
    public const string MemberLocked = "member-locked";
    public const string MemberUnlocked = "member-unlocked";
    public const string AdministratorCreated = "administrator-created";
    public const string OpenIdClientRegistered = "openid-client-registered";
    public const string OpenIdClientDeleted = "openid-client-deleted";
    public const string OpenIdConsentGranted = "openid-consent-granted";
    public const string OpenIdConsentRevoked = "openid-consent-revoked";
    public const string OrganisationConnected = "organisation-connected";
    public const string OrganisationDisconnected = "organisation-disconnected";
    public const string OrganisationMemberCreated = "organisation-member-created";
    public const string OrganisationLoginLinked = "organisation-login-linked";
}
