using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ResearchHub.Core.Web;

/// <summary>
/// Refuses, with 400 and a reason, a page request that writes (any method but GET and HEAD) whose
/// form fields or query carry U+0000: PostgreSQL
/// cannot store it in text (the save failed with a 500), SQLite would keep a value no one can see,
/// and no form a person fills in sends it. Runs among the authorization filters, after the upload
/// limits have read a form (order 900) and before antiforgery (1000), so nothing is bound or saved.
/// A GET stores nothing and stays forgiving: a search for text with a NUL in it is answered as any
/// other (the query parser drops control characters).
/// </summary>
public sealed class RefuseNulCharactersFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            return; // the error page explaining this very request
        }

        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return;
        }

        var field = request.Query.FirstOrDefault(pair => HasNul(pair.Value)).Key;
        if (field is null && request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(http.RequestAborted);
                field = form.FirstOrDefault(pair => HasNul(pair.Value)).Key;
            }
            catch (InvalidDataException ex)
            {
                // A form that cannot be read is refused here with the reader's reason; whatever
                // would read it next (antiforgery, binding) could only give a bare 400.
                BadRequestReason.Set(http, $"The form could not be read: {ex.Message} Nothing was saved.");
                context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
                return;
            }
        }

        if (field is not null)
        {
            BadRequestReason.Set(http, $"The field “{field}” contains a NUL character (U+0000), which cannot be stored. Nothing was saved: remove it and try again.");
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
        }
    }

    private static bool HasNul(Microsoft.Extensions.Primitives.StringValues values)
    {
        foreach (var value in values)
        {
            if (value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }
}
