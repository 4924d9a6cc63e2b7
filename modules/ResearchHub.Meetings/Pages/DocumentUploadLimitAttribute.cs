using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages;

/// <summary>
/// Limits a page's multipart POSTs (its document uploads) before anything else reads the form: the
/// whole body to <see cref="MeetingsOptions.MaxDocumentBytes"/> plus room for the other fields, and
/// each file part to the limit itself, so the form reader stops an oversized file while it streams
/// and never buffers it in full. It runs before the antiforgery check (order 1000), which would
/// otherwise be the first to read the form with the site-wide limit, and turns an oversized upload
/// into a message on the page (<see cref="ProblemsKey"/>) instead of an error.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DocumentUploadLimitAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    /// <summary>The TempData key the page reads upload problems from after the redirect.</summary>
    public const string ProblemsKey = "DocumentUploadProblems";

    public int Order => 900;

    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new Filter(serviceProvider.GetRequiredService<IOptions<MeetingsOptions>>(), serviceProvider.GetRequiredService<ITempDataDictionaryFactory>());

    private sealed class Filter(IOptions<MeetingsOptions> options, ITempDataDictionaryFactory tempData) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        /// <summary>Room for the title, the agenda item and the antiforgery token beside the file.</summary>
        private const long FormAllowance = 1024 * 1024;

        public int Order => 900;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            // Only uploads are multipart; the page's other forms keep the site-wide limits.
            if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType
                || http.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true)
            {
                return;
            }

            var max = options.Value.MaxDocumentBytes;
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

        /// <summary>Back to the page (as a GET) with the reason, which it shows in its error summary (that takes the focus).</summary>
        private IActionResult TooLarge(HttpContext http, long max)
        {
            var data = tempData.GetTempData(http);
            data[ProblemsKey] = $"The file is too large: the limit is {FileSizes.Format(max)}. It was not added.";
            data.Save();
            return new RedirectResult(http.Request.Path);
        }
    }
}
