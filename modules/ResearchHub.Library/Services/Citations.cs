using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

/// <summary>What a citation needs of a resource, resolved (organisation names, absolute URL).</summary>
public sealed record CitationItem(Resource Resource, string Url, string? Publisher, DateTimeOffset Accessed);

public sealed record CitationFormat(string Key, string Name, string ContentType, string Extension);

/// <summary>BibTeX, RIS and CSL-JSON, for one resource or a filtered list.</summary>
public static class Citations
{
    public static readonly CitationFormat BibTex = new("bibtex", "BibTeX", "application/x-bibtex; charset=utf-8", "bib");
    public static readonly CitationFormat Ris = new("ris", "RIS", "application/x-research-info-systems; charset=utf-8", "ris");
    public static readonly CitationFormat CslJson = new("csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json; charset=utf-8", "json");

    public static readonly IReadOnlyList<CitationFormat> Formats = [BibTex, Ris, CslJson];

    public static CitationFormat? Find(string? key) => Formats.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));

    public static string Render(CitationFormat format, IEnumerable<CitationItem> items) => format.Key switch
    {
        "bibtex" => string.Join("\n", items.Select(ToBibTex)),
        "ris" => string.Concat(items.Select(ToRis)),
        _ => ToCslJson(items),
    };

    /// <summary>The citation key: the resource's slug and id, which are stable and unique.</summary>
    public static string Key(Resource resource) => $"{resource.Slug.Replace("-", "", StringComparison.Ordinal)[..Math.Min(30, resource.Slug.Replace("-", "", StringComparison.Ordinal).Length)]}{resource.Id}";

    /// <summary>"Family, Given" for a name written "Given Family" (one-word names and organisations stay whole).</summary>
    public static (string Family, string? Given) SplitName(string name)
    {
        var trimmed = name.Trim();
        var comma = trimmed.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            return (trimmed[..comma].Trim(), trimmed[(comma + 1)..].Trim());
        }

        var space = trimmed.LastIndexOf(' ');
        return space > 0 ? (trimmed[(space + 1)..], trimmed[..space]) : (trimmed, null);
    }

    public static string ToBibTex(CitationItem item)
    {
        var r = item.Resource;
        var kind = ResourceKinds.Get(r.Kind);
        var fields = new List<(string Name, string Value, bool Escaped)> { ("title", r.Title, false) };
        if (r.Authors.Count > 0)
        {
            // Names are escaped one by one: the braces that keep an organisation's name whole are BibTeX's own.
            fields.Add(("author", string.Join(" and ", r.Authors.OrderBy(a => a.Position).Select(a => SplitName(a.Name) is var (family, given) && given is not null
                ? $"{EscapeBibTex(family)}, {EscapeBibTex(given)}"
                : $"{{{EscapeBibTex(a.Name)}}}")), true));
        }

        if (r.Year is { } year)
        {
            fields.Add(("year", year.ToString(CultureInfo.InvariantCulture), false));
        }

        if (r.PublicationDate is { } date)
        {
            fields.Add(("month", date.Month.ToString(CultureInfo.InvariantCulture), false));
        }

        var type = BibTexType(kind, item);
        if (item.Publisher is not null)
        {
            fields.Add((type == "techreport" ? "institution" : "publisher", item.Publisher, false));
        }

        if (r.Doi is not null)
        {
            fields.Add(("doi", r.Doi, false));
        }

        fields.Add(("url", r.ExternalUrl ?? item.Url, false));
        if (!string.IsNullOrWhiteSpace(r.Summary))
        {
            fields.Add(("abstract", r.Summary, false));
        }

        fields.Add(("language", r.Language, false));
        fields.Add(("note", kind.Name, false));
        fields.Add(("urldate", item.Accessed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false));

        var text = new StringBuilder();
        text.Append('@').Append(type).Append('{').Append(Key(r)).Append(",\n");
        foreach (var (name, value, escaped) in fields)
        {
            text.Append("  ").Append(name).Append(" = {").Append(escaped ? value : EscapeBibTex(value)).Append("},\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// The entry type from the kind and the fields present: a report with an issuing body is a
    /// @techreport (its institution), a literature reference with a publisher a @book; the hub keeps
    /// no journal, so never an @article; anything else is @misc, which needs no field.
    /// </summary>
    private static string BibTexType(KindInfo kind, CitationItem item) => kind.BibTexType switch
    {
        "techreport" when item.Publisher is not null => "techreport",
        "article" when item.Publisher is not null && item.Resource.Publisher is not null => "book",
        _ => "misc",
    };

    /// <summary>Braces must balance inside a field and a backslash would start a command: both are neutralised.</summary>
    private static string EscapeBibTex(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value.Replace("\r", "", StringComparison.Ordinal))
        {
            switch (c)
            {
                case '{' or '}' or '\\':
                    text.Append(c == '\\' ? "\\textbackslash{}" : "\\" + c);
                    break;
                case '%' or '&' or '$' or '#' or '_':
                    text.Append('\\').Append(c);
                    break;
                case '\n':
                    text.Append(' ');
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }

    public static string ToRis(CitationItem item)
    {
        var r = item.Resource;
        var kind = ResourceKinds.Get(r.Kind);
        var text = new StringBuilder();
        void Line(string tag, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                // RIS is one value a line: line breaks inside a value would start a bogus tag.
                text.Append(tag).Append("  - ").Append(value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Trim()).Append("\r\n");
            }
        }

        Line("TY", kind.RisType);
        Line("TI", r.Title);
        foreach (var author in r.Authors.OrderBy(a => a.Position))
        {
            var (family, given) = SplitName(author.Name);
            Line("AU", given is null ? family : $"{family}, {given}");
        }

        Line("PY", r.Year?.ToString(CultureInfo.InvariantCulture));
        Line("DA", r.PublicationDate?.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
        Line("PB", item.Publisher);
        Line("DO", r.Doi);
        Line("UR", r.ExternalUrl ?? item.Url);
        Line("AB", r.Summary);
        Line("LA", r.Language);
        foreach (var term in r.Terms.Where(t => t.Term is not null).Select(t => t.Term!.Label).Order(StringComparer.Ordinal))
        {
            Line("KW", term);
        }

        Line("N1", kind.Name);
        Line("ID", Key(r));
        text.Append("ER  - \r\n");
        return text.ToString();
    }

    public static string ToCslJson(IEnumerable<CitationItem> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            var r = item.Resource;
            var kind = ResourceKinds.Get(r.Kind);
            var entry = new JsonObject
            {
                ["id"] = Key(r),
                ["type"] = kind.CslType,
                ["title"] = r.Title,
                ["URL"] = r.ExternalUrl ?? item.Url,
                ["language"] = r.Language,
                ["genre"] = kind.Name,
                ["accessed"] = DateParts(item.Accessed.Year, item.Accessed.Month, item.Accessed.Day),
            };
            if (r.Authors.Count > 0)
            {
                var authors = new JsonArray();
                foreach (var author in r.Authors.OrderBy(a => a.Position))
                {
                    var (family, given) = SplitName(author.Name);
                    authors.Add(given is null
                        ? new JsonObject { ["literal"] = author.Name }
                        : new JsonObject { ["family"] = family, ["given"] = given });
                }

                entry["author"] = authors;
            }

            if (r.PublicationDate is { } date)
            {
                entry["issued"] = DateParts(date.Year, date.Month, date.Day);
            }
            else if (r.Year is { } year)
            {
                entry["issued"] = new JsonObject { ["date-parts"] = new JsonArray(new JsonArray(year)) };
            }

            if (r.Doi is not null)
            {
                entry["DOI"] = r.Doi;
            }

            if (item.Publisher is not null)
            {
                entry["publisher"] = item.Publisher;
            }

            if (!string.IsNullOrWhiteSpace(r.Summary))
            {
                entry["abstract"] = r.Summary;
            }

            array.Add(entry);
        }

        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonObject DateParts(int year, int month, int day) =>
        new() { ["date-parts"] = new JsonArray(new JsonArray(year, month, day)) };
}
