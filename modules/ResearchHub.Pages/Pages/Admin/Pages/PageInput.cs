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
    /// The draft to save, or null when the menu position is not a number (the error is then in
    /// <paramref name="modelState"/>). An empty address is made from the title.
    /// </summary>
    public PageDraft? ToDraft(ModelStateDictionary modelState)
    {
        int? navOrder = null;
        if (!string.IsNullOrWhiteSpace(NavOrder))
        {
            if (!int.TryParse(NavOrder.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                modelState.AddModelError($"{Prefix}.{nameof(NavOrder)}", "The menu position must be a whole number, like 10, or empty");
                return null;
            }

            navOrder = parsed;
        }

        var slug = string.IsNullOrWhiteSpace(Slug) ? PageRules.SlugFromTitle(Title) : Slug;
        return new PageDraft(slug, Title, BodyMarkdown, navOrder, Published);
    }

    /// <summary>Puts each rule's message on its field, in the order of the form.</summary>
    public static void AddErrors(ModelStateDictionary modelState, IEnumerable<PageError> errors)
    {
        string[] order = [nameof(Title), nameof(Slug), nameof(BodyMarkdown), nameof(NavOrder)];
        foreach (var error in errors.OrderBy(e => Array.IndexOf(order, e.Field)))
        {
            modelState.AddModelError($"{Prefix}.{error.Field}", error.Message);
        }
    }
}
