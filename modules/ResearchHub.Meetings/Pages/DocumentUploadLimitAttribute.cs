using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Pages;

/// <summary>
/// The meeting-document limit (<see cref="MeetingsOptions.MaxDocumentBytes"/>) on a page's
/// multipart POSTs only, so its other forms keep the site-wide limits; see <see cref="UploadLimitAttributeBase"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DocumentUploadLimitAttribute : UploadLimitAttributeBase
{
    /// <summary>The TempData key the page reads upload problems from after the redirect.</summary>
    public const string ProblemsKey = "DocumentUploadProblems";

    protected override string TempDataKey => ProblemsKey;

    protected override bool MultipartOnly => true;

    protected override long MaxBytes(IServiceProvider services) =>
        services.GetRequiredService<IOptions<MeetingsOptions>>().Value.MaxDocumentBytes;

    protected override string TooLargeMessage(string limit) => $"The file is too large: the limit is {limit}. It was not added.";
}
