using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Web;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// Over HTTPS every cookie of the site is named with the <c>__Host-</c> prefix and is always Secure,
/// with Path=/ and no Domain, so neither a sibling subdomain nor a plain-HTTP page can plant or
/// overwrite it. "Over HTTPS": an HTTPS endpoint is configured, or the site's address (see
/// <see cref="SiteAddress"/>) starts with https:// when the site starts. Applied after every module
/// configured its cookies, so the sign-in cookies of Accounts (and any added later) are covered.
/// </summary>
public sealed class HttpsCookies(IConfiguration configuration, SiteAddress address) :
    IPostConfigureOptions<CookieAuthenticationOptions>,
    IPostConfigureOptions<AntiforgeryOptions>,
    IPostConfigureOptions<CookieTempDataProviderOptions>
{
    public const string Prefix = "__Host-";

    private bool Https => HubHttps.EndpointConfigured(configuration) || address.BaseUrl.StartsWith("https://", StringComparison.Ordinal);

    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        // The framework names an unnamed scheme's cookie ".AspNetCore.{scheme}" in its own post-configure, which may run after this one.
        Apply(options.Cookie, $"{CookieAuthenticationDefaults.CookiePrefix}{name}");
    }

    public void PostConfigure(string? name, AntiforgeryOptions options) => Apply(options.Cookie, AntiforgeryOptions.DefaultCookiePrefix);

    public void PostConfigure(string? name, CookieTempDataProviderOptions options) => Apply(options.Cookie, CookieTempDataProvider.CookieName);

    private void Apply(CookieBuilder cookie, string defaultName)
    {
        if (!Https)
        {
            return;
        }

        var current = cookie.Name ?? defaultName;
        cookie.Name = current.StartsWith(Prefix, StringComparison.Ordinal) ? current : Prefix + current;
        cookie.SecurePolicy = CookieSecurePolicy.Always;
        cookie.Path = "/";
        cookie.Domain = null;
    }
}
