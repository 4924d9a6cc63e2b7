namespace ResearchHub.Web.Hosting;

/// <summary>
/// Headers on every response: a strict Content-Security-Policy (no inline script or style, nothing
/// from other origins), no MIME sniffing, no framing, no referrer leaking to other sites.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items[ResearchHub.Core.Web.ContentSecurity.FormActionOriginItem] is string origin
                ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {origin}", StringComparison.Ordinal)
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
