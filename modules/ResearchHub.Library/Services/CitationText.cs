using System.Globalization;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>A human-readable citation for the resource page (author-date, close to APA).</summary>
public static class CitationText
{
    public static string Format(CitationItem item)
    {
        var r = item.Resource;
        var authors = r.Authors.OrderBy(a => a.Position).Select(a =>
        {
            var (family, given) = Citations.SplitName(a.Name);
            return given is null ? family : $"{family}, {string.Concat(given.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(g => g[0] + "."))}";
        }).ToList();
        var who = authors.Count switch
        {
            0 => item.Publisher ?? "",
            1 => authors[0],
            _ => string.Join(", ", authors.Take(authors.Count - 1)) + " & " + authors[^1],
        };
        var year = r.Year?.ToString(CultureInfo.InvariantCulture) ?? "n.d.";
        var parts = new List<string> { $"{who} ({year}). {r.Title}. {ResourceKinds.Get(r.Kind).Name}." };
        if (item.Publisher is not null && authors.Count > 0)
        {
            parts.Add(item.Publisher + ".");
        }

        parts.Add(r.Doi is not null ? Doi.Url(r.Doi) : r.ExternalUrl ?? item.Url);
        return string.Join(' ', parts).Trim();
    }
}
