using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Pages.Pages.Admin.Pages;

/// <summary>
/// The page form's fields, all as typed: nothing is required or parsed by model binding, so every
/// message comes from <see cref="PageRules"/> and reads the same in the form and in a recipe.
/// </summary>
public sealed class PageInput
{
    public const string Prefix = "Input";

    /// <summary>The form's keys in the order of its fields, for the error summary.</summary>
    public static readonly string[] ErrorOrder =
        [.. new[] { nameof(Title), nameof(Slug), nameof(BodyMarkdown), nameof(NavOrder) }.Select(f => $"{Prefix}.{f}")];

    public string? Title { get; set; }
    public string? Slug { get; set; }
    public string? BodyMarkdown { get; set; }
    public string? NavOrder { get; set; }
    public bool Published { get; set; }

    public static PageInput From(Page page) => new()
    {
        Title = page.Title,
        Slug = page.Slug,
        BodyMarkdown = page.BodyMarkdown,
        NavOrder = page.NavOrder?.ToString(CultureInfo.InvariantCulture),
        Published = page.Published,
    };

    /// <summary>
    /// The draft to save. A menu position that is not a whole number is left out of the draft and
    /// reported in <paramref name="formatError"/>, so the form can show it with every other problem.
    /// An empty address is made from the title.
    /// </summary>
    public PageDraft ToDraft(out PageError? formatError)
    {
        formatError = null;
        int? navOrder = null;
        if (!string.IsNullOrWhiteSpace(NavOrder))
        {
            if (int.TryParse(NavOrder.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                navOrder = parsed;
            }
            else
            {
                formatError = new(nameof(NavOrder), "The menu position must be a whole number, like 10, or empty");
            }
        }

        var slug = string.IsNullOrWhiteSpace(Slug) ? PageRules.SlugFromTitle(Title) : Slug;
        return new PageDraft(slug, Title, BodyMarkdown, navOrder, Published);
    }

    /// <summary>Puts each problem on its field.</summary>
    public static void AddErrors(ModelStateDictionary modelState, IEnumerable<PageError> errors)
    {
        foreach (var error in errors)
        {
            modelState.AddModelError($"{Prefix}.{error.Field}", error.Message);
        }
    }
}
