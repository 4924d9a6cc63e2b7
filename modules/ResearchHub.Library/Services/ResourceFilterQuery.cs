using System.Globalization;
using Microsoft.AspNetCore.Http;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>The list's filters in URLs: ?kind=evaluation&amp;organisation=3&amp;site=derby&amp;area=...&amp;method=...&amp;measure=...&amp;year=2019&amp;q=...&amp;sort=...&amp;page=2.</summary>
public static class ResourceFilterQuery
{
    /// <summary>Query parameter of each vocabulary.</summary>
    public static readonly IReadOnlyDictionary<string, string> Parameters = new Dictionary<string, string>
    {
        [Vocabularies.Sites] = "site",
        [Vocabularies.PracticeAreas] = "area",
        [Vocabularies.Methods] = "method",
        [Vocabularies.Measures] = "measure",
    };

    public static ResourceFilter Parse(IQueryCollection query, int pageSize = 20)
    {
        var terms = new Dictionary<string, string>();
        foreach (var (vocabulary, parameter) in Parameters)
        {
            var value = query[parameter].ToString().Trim();
            if (value.Length > 0)
            {
                terms[vocabulary] = value;
            }
        }

        return new ResourceFilter
        {
            Kind = ResourceKinds.TryParse(query["kind"], out var kind) ? kind : null,
            OrganisationId = long.TryParse(query["organisation"], NumberStyles.None, CultureInfo.InvariantCulture, out var organisation) ? organisation : null,
            Terms = terms,
            Year = int.TryParse(query["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2200 ? year : null,
            Question = query["question"].ToString() is { Length: > 0 and <= 100 } question ? question : null,
            Text = query["q"].ToString() is { Length: > 0 and <= 200 } text ? text : null,
            Visibility = Visibilities.TryParse(query["visibility"], out var visibility) ? visibility : null,
            Sort = ResourceSorts.All.Any(s => s.Key == query["sort"]) ? query["sort"].ToString() : ResourceSorts.Newest,
            Page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
            PageSize = int.TryParse(query["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 100 ? size : pageSize,
        };
    }

    /// <summary>The filter as a query string (without page unless asked), for links that keep the filters.</summary>
    public static string ToQueryString(ResourceFilter filter, int? page = null, bool includeSort = true)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        if (filter.Kind is { } kind)
        {
            parts.Add(new("kind", ResourceKinds.Get(kind).Slug));
        }

        if (filter.OrganisationId is { } organisation)
        {
            parts.Add(new("organisation", organisation.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var (vocabulary, key) in filter.Terms)
        {
            parts.Add(new(Parameters[vocabulary], key));
        }

        if (filter.Year is { } year)
        {
            parts.Add(new("year", year.ToString(CultureInfo.InvariantCulture)));
        }

        if (filter.Question is { } question)
        {
            parts.Add(new("question", question));
        }

        if (filter.Text is { } text)
        {
            parts.Add(new("q", text));
        }

        if (filter.Visibility is { } visibility)
        {
            parts.Add(new("visibility", Visibilities.Code(visibility)));
        }

        if (includeSort && filter.Sort != ResourceSorts.Newest)
        {
            parts.Add(new("sort", filter.Sort));
        }

        if (page is > 1)
        {
            parts.Add(new("page", page.Value.ToString(CultureInfo.InvariantCulture)));
        }

        return QueryString.Create(parts).ToString();
    }
}
