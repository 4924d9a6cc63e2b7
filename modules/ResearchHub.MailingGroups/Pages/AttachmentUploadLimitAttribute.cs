using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;
using ResearchHub.MailingGroups.Services;

namespace ResearchHub.MailingGroups.Pages;

/// <summary>
/// The post-attachment limit (<see cref="MailingGroupsOptions.MaxAttachmentBytes"/>) on a page's
/// multipart POSTs only, so its other forms keep the site-wide limits; see <see cref="UploadLimitAttributeBase"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AttachmentUploadLimitAttribute : UploadLimitAttributeBase
{
    /// <summary>The TempData key the page reads upload problems from after the redirect.</summary>
    public const string ProblemsKey = "AttachmentUploadProblems";

    protected override string TempDataKey => ProblemsKey;

    protected override bool MultipartOnly => true;

    protected override long MaxBytes(IServiceProvider services) =>
        services.GetRequiredService<IOptions<MailingGroupsOptions>>().Value.MaxAttachmentBytes;

    protected override string TooLargeMessage(string limit) => $"A file is too large: the limit is {limit} per file. Nothing was posted.";
}
