using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;

namespace ResearchHub.Library.Pages;

/// <summary>The library's upload limit (<see cref="LibraryOptions.MaxUploadBytes"/>) on a page's POSTs; see <see cref="UploadLimitAttributeBase"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitAttribute : UploadLimitAttributeBase
{
    /// <summary>The TempData key the page shows upload problems from.</summary>
    public const string ProblemsKey = "UploadProblems";

    protected override string TempDataKey => ProblemsKey;

    protected override string RedirectFragment => "#files";

    protected override long MaxBytes(IServiceProvider services) =>
        services.GetRequiredService<IOptions<LibraryOptions>>().Value.MaxUploadBytes;

    protected override string TooLargeMessage(string limit) => $"A file is too large: the limit is {limit}. It was not saved.";
}
