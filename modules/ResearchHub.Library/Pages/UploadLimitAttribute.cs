using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;

namespace ResearchHub.Library.Pages;

/// <summary>
/// Limits a page's POSTs before anything else reads the form: the whole body to the upload limit
/// plus room for the other fields, and each file part to the upload limit itself, so the form
/// reader stops an oversized file while it streams and never buffers it in full. Runs before the
/// antiforgery check (order 1000), which would otherwise be the first to read the form, and turns
/// an oversized upload into a message on the page instead of an error.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    /// <summary>The TempData key the page shows upload problems from.</summary>
    public const string ProblemsKey = "UploadProblems";

    public int Order => 900;

    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new UploadLimitFilter(serviceProvider.GetRequiredService<IOptions<LibraryOptions>>(), serviceProvider.GetRequiredService<ITempDataDictionaryFactory>());

    private sealed class UploadLimitFilter(IOptions<LibraryOptions> options, ITempDataDictionaryFactory tempData) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        private const long FormAllowance = 1024 * 1024;

        public int Order => 900;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType)
            {
                return;
            }

            var max = options.Value.MaxUploadBytes;
            var limit = max + FormAllowance;
            if (http.Request.ContentLength > limit)
            {
                context.Result = TooLarge(http, max);
                return;
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = max }));
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                || (ex is InvalidDataException && ex.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase)))
            {
                // Any other malformed form is left to fail as a bad request.
                context.Result = TooLarge(http, max);
            }
        }

        /// <summary>Back to the page (as a GET) with the reason, like any other refused file.</summary>
        private IActionResult TooLarge(HttpContext http, long max)
        {
            var data = tempData.GetTempData(http);
            data[ProblemsKey] = $"A file is too large: the limit is {FileSizes.Format(max)}. It was not saved.";
            data.Save();
            return new RedirectResult(http.Request.Path + "#files");
        }
    }
}
