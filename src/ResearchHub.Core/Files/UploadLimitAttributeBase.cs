using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Web;

namespace ResearchHub.Core.Files;

/// <summary>
/// Limits a page's upload POSTs before anything else reads the form: the whole body to the upload
/// limit plus room for the other fields, and each file part to the limit itself, so the form reader
/// stops an oversized file while it streams and never buffers it in full. Runs before the
/// antiforgery check (order 1000), which would otherwise be the first to read the form with the
/// site-wide limit, and turns an oversized upload into a message on the page (through TempData,
/// after a redirect back) instead of an error. Modules derive one attribute per limit they own.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public abstract class UploadLimitAttributeBase : Attribute, IFilterFactory, IOrderedFilter
{
    /// <summary>Room for the other fields and the antiforgery token beside the file.</summary>
    private const long FormAllowance = 1024 * 1024;

    public int Order => 900;

    public bool IsReusable => true;

    /// <summary>The TempData key the page reads the problem from after the redirect.</summary>
    protected abstract string TempDataKey { get; }

    /// <summary>The largest file accepted, read from the module's options.</summary>
    protected abstract long MaxBytes(IServiceProvider services);

    /// <summary>The message shown, given the limit in words ("50 MB").</summary>
    protected abstract string TooLargeMessage(string limit);

    /// <summary>Where on the page the redirect lands ("#files"), or nothing.</summary>
    protected virtual string RedirectFragment => "";

    /// <summary>True when only multipart posts are uploads (the page's other forms keep the site-wide limits).</summary>
    protected virtual bool MultipartOnly => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new UploadLimitFilter(this, MaxBytes(serviceProvider), serviceProvider.GetRequiredService<ITempDataDictionaryFactory>());

    private sealed class UploadLimitFilter(UploadLimitAttributeBase attribute, long max, ITempDataDictionaryFactory tempData) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        public int Order => 900;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType
                || (attribute.MultipartOnly && http.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true))
            {
                return;
            }

            var limit = max + FormAllowance;
            if (http.Request.ContentLength > limit)
            {
                context.Result = TooLarge(http);
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
                context.Result = TooLarge(http);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                // A form that cannot be read (a field over the form limits, a broken part header such
                // as a line break in a file name) is the sender's mistake: 400 with the reason, nothing saved.
                BadRequestReason.Set(http, ex.Message.Contains("value length limit", StringComparison.OrdinalIgnoreCase)
                    ? "A field of the form is longer than this site accepts. Nothing was saved."
                    : "The form could not be read (a part of it, such as a file's name, is malformed). Nothing was saved: reload the page and try again.");
                context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            }
        }

        /// <summary>Back to the page (as a GET) with the reason, like any other refused file.</summary>
        private IActionResult TooLarge(HttpContext http)
        {
            var data = tempData.GetTempData(http);
            data[attribute.TempDataKey] = attribute.TooLargeMessage(FileSizes.Format(max));
            data.Save();
            return new RedirectResult(http.Request.Path + attribute.RedirectFragment);
        }
    }
}
