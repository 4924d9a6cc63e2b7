using System.Globalization;
using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ResearchHub.Core;
using ResearchHub.Core.Data;
using ResearchHub.Core.Modules;
using ResearchHub.Core.Security;
using ResearchHub.Core.Web;

namespace ResearchHub.Web.Hosting;

public static class HubHostExtensions
{
    /// <summary>The kernel, the listed modules, Razor Pages and the web's safety nets.</summary>
    public static WebApplicationBuilder AddResearchHub(this WebApplicationBuilder builder, params IHubModule[] modules)
    {
        var configuration = builder.Configuration;
        var appData = configuration["Hub:AppData"] ?? "App_Data";
        var paths = new HubPaths(Path.Combine(builder.Environment.ContentRootPath, appData));
        var services = builder.Services;

        // RCL static assets (the theme's CSS and JS) outside Development too, e.g. under `dotnet run`.
        builder.WebHost.UseStaticWebAssets();
        // No "Server: Kestrel" header: nothing tells a scanner what answers.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

        services.AddHubCore(configuration, paths, modules.Select(m => m.GetType().Assembly));
        // Razor Pages of the theme and of every listed module (Razor class libraries).
        var razorPages = services.AddRazorPages(o => o.Conventions.ConfigureFilter(new RefuseNulCharactersFilter()));
        foreach (var assembly in modules.Select(m => m.GetType().Assembly).Prepend(ThemeAssembly).Distinct())
        {
            razorPages.AddApplicationPart(assembly);
        }

        foreach (var module in modules)
        {
            services.AddSingleton(module);
            module.ConfigureServices(services, configuration);
        }

        // Host names are checked by CanonicalHostMiddleware (the canonical host or an "AllowedHosts" entry);
        // the framework's own filter, which reads the same key, must not refuse the canonical host.
        services.Configure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        HubForwardedHeaders.Configure(services, configuration);
        if (HubHttps.Port(configuration) is { } httpsPort)
        {
            services.AddHttpsRedirection(o => o.HttpsPort = httpsPort);
        }

        services.AddSingleton<HttpsCookies>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(sp => sp.GetRequiredService<HttpsCookies>());
        services.AddSingleton<IPostConfigureOptions<AntiforgeryOptions>>(sp => sp.GetRequiredService<HttpsCookies>());
        services.AddSingleton<IPostConfigureOptions<CookieTempDataProviderOptions>>(sp => sp.GetRequiredService<HttpsCookies>());

        services.AddSingleton<IStartupTask, FirstRunRecipeTask>();
        services.AddSingleton<IPermissionProvider, HostPermissions>();
        services.AddScoped<INavigationProvider, HostPermissions>();
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hub.antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "hub.tempdata";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 64L * 1024 * 1024);
        services.AddProblemDetails();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Say when to come back (RFC 9110 Retry-After, in seconds).
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter =
                        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            var perMinute = configuration.GetValue("Hub:RateLimits:SignInPerMinute", 30);
            // Attempts (POSTs) per client address (the client's own behind a configured proxy: Hub:ForwardedHeaders); reading the forms is not limited.
            o.AddPolicy(HubPolicies.SignInRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        services.AddHealthChecks();
        // Pages from memory, keyed on the database's change stamp: anonymous ones shared (AnonymousPageCachePolicy),
        // signed-in members' private to each browser or API token (MemberPageCachePolicy); 0 turns both off,
        // Hub:OutputCache:Members false the members' one.
        var cacheSeconds = configuration.GetValue("Hub:OutputCache:Seconds", 60);
        if (cacheSeconds > 0)
        {
            var members = configuration.GetValue("Hub:OutputCache:Members", true);
            services.AddOutputCache(o =>
            {
                o.AddBasePolicy(new AnonymousPageCachePolicy(TimeSpan.FromSeconds(cacheSeconds)));
                if (members)
                {
                    o.AddBasePolicy(new MemberPageCachePolicy(TimeSpan.FromSeconds(cacheSeconds)));
                }
            });
        }

        return builder;
    }

    private static Assembly ThemeAssembly => Assembly.Load("ResearchHub.Theme");

    /// <summary>The request pipeline: HEAD as GET, forwarded headers, the host check, HTTPS redirect, errors, headers, static files, auth, pages, module endpoints, health.</summary>
    public static WebApplication UseResearchHub(this WebApplication app)
    {
        // First: everything after it, error pages and refusals included, sees a HEAD request as the GET it mirrors.
        app.UseMiddleware<HeadRequestMiddleware>();
        if (app.Configuration.GetValue("Hub:Diagnostics:QueryCountHeader", false))
        {
            app.Use((context, next) =>
            {
                QueryCounter.Track(context);
                return next(context);
            });
        }

        // Behind a configured proxy: the client's address, scheme and host, before anything reads them.
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.ForwardedHeaders != ForwardedHeaders.None)
        {
            app.UseForwardedHeaders();
        }

        // Only the site's own host names are answered (400 for any other Host).
        app.UseMiddleware<CanonicalHostMiddleware>();
        if (HubHttps.EndpointConfigured(app.Configuration))
        {
            app.UseHttpsRedirection();
        }

        // Never a stack trace to a user, in any environment: people get the error page, machines
        // on /api get RFC 9457 problem details.
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
            api.UseMiddleware<RefuseNulInJsonMiddleware>();
        });
        app.UseWhen(context => !IsApi(context), web =>
        {
            web.UseExceptionHandler("/error");
            web.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Theme files: a year (immutable) when the URL carries the file's version (asp-append-version), else an hour.
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = file.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable"
                : "public, max-age=3600",
        });
        app.UseRouting();
        app.UseRateLimiter();
        // The probes' endpoints run before authentication: OpenIddict's handlers, which look at every
        // request, read the provider's keys from the database, and a probe must say "not ready" (503)
        // when it is down. (Authentication stays on the main pipeline: in a branch, WebApplication would
        // add its own UseAuthentication in front of everything, HEAD handling included.)
        app.Use(async (context, next) =>
        {
            if (IsProbe(context) && context.GetEndpoint()?.RequestDelegate is { } probe)
            {
                await probe(context);
                return;
            }

            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        // The home page's visit cookie, read and written outside the page (before the output cache), so
        // the page itself can be cached per "new since" window.
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/")
            {
                HomeVisit.Begin(context, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
            }

            return next(context);
        });
        if (app.Services.GetService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>() is not null)
        {
            app.UseOutputCache();
        }

        app.MapStaticAssets();
        app.MapRazorPages();
        foreach (var module in app.Services.GetServices<IHubModule>())
        {
            module.MapEndpoints(app);
        }

        app.MapHealthEndpoints();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    private static bool IsProbe(HttpContext context) =>
        context.Request.Path.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || context.Request.Path.Equals("/readyz", StringComparison.OrdinalIgnoreCase);

    private static void MapHealthEndpoints(this WebApplication app)
    {
        // Liveness: the process answers.
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();

        // Readiness: the database answers and every migration is applied.
        app.MapGet("/readyz", async (DatabaseInitializer database, CancellationToken ct) =>
            await database.IsReadyAsync(ct)
                ? Results.Text("ready")
                : Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();
    }
}
