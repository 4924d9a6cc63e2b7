namespace ResearchHub.Core.Modules;

/// <summary>The menus a module can add items to.</summary>
public enum NavMenu
{
    /// <summary>The site's main navigation in the header.</summary>
    Main,
    /// <summary>The administration menu, shown to those holding the item's permission.</summary>
    Admin,
    /// <summary>The signed-in member's own menu (profile, tokens, sign out).</summary>
    User,
    /// <summary>The network's own pages (about, contact, how to join): a secondary menu in the footer, apart from the application's sections.</summary>
    Site,
}

/// <param name="Permission">When set, the item is shown only to users holding this permission.</param>
/// <param name="SignedInOnly">When true, the item is shown only to signed-in users.</param>
/// <param name="AnonymousOnly">When true, the item is shown only to visitors who are not signed in.</param>
public sealed record NavItem(
    NavMenu Menu,
    string Text,
    string Url,
    int Order,
    string? Permission = null,
    bool SignedInOnly = false,
    bool AnonymousOnly = false);
