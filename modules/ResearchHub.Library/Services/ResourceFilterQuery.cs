using System.Globalization;
using Microsoft.AspNetCore.Http;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>The list's filters in URLs, each facet repeatable: ?kind=evaluation&amp;kind=toolkit&amp;organisation=3&amp;site=derby&amp;area=...&amp;method=...&amp;measure=...&amp;year=2019&amp;q=...&amp;sort=...&amp;page=2.</summary>
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

    /// <summary>At most this many values per facet are read from a query string; the rest are ignored.</summary>
    public const int MaxValuesPerFacet = 50;

    public static ResourceFilter Parse(IQueryCollection query, int pageSize = 20)
    {
        var terms = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (vocabulary, parameter) in Parameters)
        {
            var values = Values(query, parameter).Where(v => v.Length <= 200).ToList();
            if (values.Count > 0)
            {
                terms[vocabulary] = values;
            }
        }

        return new ResourceFilter
        {
            Kinds = [.. Values(query, "kind").Select(v => ResourceKinds.TryParse(v, out var kind) ? kind : (ResourceKind?)null).OfType<ResourceKind>().Distinct()],
            OrganisationIds = [.. Values(query, "organisation").Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null).OfType<long>().Distinct()],
            Terms = terms,
            Years = [.. Values(query, "year").Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2200 ? year : (int?)null).OfType<int>().Distinct()],
            Question = query["question"].ToString() is { Length: > 0 and <= 100 } question ? question : null,
            Text = query["q"].ToString() is { Length: > 0 and <= 200 } text ? text : null,
            Visibility = Visibilities.TryParse(query["visibility"], out var visibility) ? visibility : null,
            Sort = ResourceSorts.All.Any(s => s.Key == query["sort"]) ? query["sort"].ToString() : ResourceSorts.Newest,
            Page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
            PageSize = int.TryParse(query["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 100 ? size : pageSize,
        };
    }

    /// <summary>A parameter's values (?kind=a&amp;kind=b), trimmed, empty ones left out, distinct.</summary>
    private static IEnumerable<string> Values(IQueryCollection query, string parameter) =>
        query[parameter].Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Take(MaxValuesPerFacet);

    /// <summary>
    /// Every property of the filter (page and size included) as text, for cache keys: all of it is
    /// serialised, so a property added later is part of the key without anyone remembering to add it.
    /// </summary>
    public static string CacheKey(ResourceFilter filter) => System.Text.Json.JsonSerializer.Serialize(filter);

    /// <summary>The filter as a query string (without page unless asked), for links that keep the filters.</summary>
    public static string ToQueryString(ResourceFilter filter, int? page = null, bool includeSort = true)
    {
        var parts = new List<KeyValuePair<string, string?>>();
        parts.AddRange(filter.Kinds.Select(kind => new KeyValuePair<string, string?>("kind", ResourceKinds.Get(kind).Slug)));
        parts.AddRange(filter.OrganisationIds.Select(id => new KeyValuePair<string, string?>("organisation", id.ToString(CultureInfo.InvariantCulture))));
        foreach (var (vocabulary, keys) in filter.Terms)
        {
            parts.AddRange(keys.Select(key => new KeyValuePair<string, string?>(Parameters[vocabulary], key)));
        }

        parts.AddRange(filter.Years.Select(year => new KeyValuePair<string, string?>("year", year.ToString(CultureInfo.InvariantCulture))));

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
