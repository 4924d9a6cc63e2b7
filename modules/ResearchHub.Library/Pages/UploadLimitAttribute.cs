using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ResearchHub.Library.Pages;

/// <summary>
/// Caps the request body of a page's POSTs at the upload limit (plus room for the form's other
/// fields) before anything reads the form, so an oversized upload is cut off while it streams and
/// never buffered in full. Runs before the antiforgery check (order 1000), which reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => 900;

    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new UploadLimitFilter(serviceProvider.GetRequiredService<IOptions<LibraryOptions>>());

    private sealed class UploadLimitFilter(IOptions<LibraryOptions> options) : IAuthorizationFilter, IOrderedFilter
    {
        private const long FormAllowance = 1024 * 1024;

        public int Order => 900;

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method))
            {
                return;
            }

            var limit = options.Value.MaxUploadBytes + FormAllowance;
            if (http.Request.ContentLength > limit)
            {
                context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
                return;
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            if (http.Features.Get<IFormFeature>()?.Form is null)
            {
                http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
            }
        }
    }
}
