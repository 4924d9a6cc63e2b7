using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchHub.Core.Web;

namespace ResearchHub.Web.Pages;

/// <summary>
/// Every error a person sees: a plain explanation and, for failures, a reference to find in the
/// log. Never a stack trace.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public int Status { get; private set; }

    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public string? Reference { get; private set; }

    /// <summary>What exactly was wrong with a refused request, when the code that refused it said.</summary>
    public string? Reason { get; private set; }

    // No model binding here: the request being explained may carry a form that cannot be read
    // (that may be why it failed), so the status comes from the route or the re-execute feature.
    public IActionResult OnGet() => Build();

    public IActionResult OnPost() => Build();

    private IActionResult Build()
    {
        int? code = RouteData.Values["code"] is string text && int.TryParse(text, out var parsed) ? parsed : null;
        code ??= HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null ? Response.StatusCode : null;
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        Status = code ?? (failure is null ? 404 : 500);
        if (failure is not null)
        {
            Reference = HttpContext.TraceIdentifier;
            logger.LogError(failure.Error, "Unhandled error on {Path} (reference {Reference})", failure.Path, Reference);
        }

        (Heading, Explanation) = Status switch
        {
            400 => ("The request could not be understood", "Something in the request was not as expected. If you followed a link, it may be incomplete. If you submitted a form, go back, reload the page and try again."),
            403 => ("You cannot see this page", "Your account does not have permission for this page."),
            404 => ("Page not found", "If you typed the address, check it is correct. If you followed a link, the page may have moved or been removed."),
            405 => ("That cannot be done here", "This address does not accept that kind of request."),
            413 => ("The file is too large", "What you sent is larger than this site accepts."),
            429 => ("Too many attempts", "You have tried this too often in a short time. Wait a minute and try again."),
            _ => ("Sorry, something went wrong", "The problem has been logged. Try again in a few minutes."),
        };
        Reason = Status < 500 ? BadRequestReason.Get(HttpContext) : null;
        Response.StatusCode = Status is >= 400 and < 600 ? Status : 500;
        return Page();
    }
}
