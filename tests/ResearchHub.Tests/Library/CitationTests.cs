using System.Text.Json;
using System.Text.RegularExpressions;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Tests.Library;

/// <summary>BibTeX and RIS round-trip their fields through small independent parsers; CSL-JSON uses CSL's field names.</summary>
public sealed partial class CitationTests
{
    private static readonly DateTimeOffset Accessed = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static CitationItem Item() => new(new Resource
    {
        Id = 42,
        Slug = "listening-trust-and-time",
        Kind = ResourceKind.Evaluation,
        Title = "Listening, trust & time: {evaluating} LAC_100%",
        Summary = "Two lines\nof summary.",
        PublicationDate = new DateOnly(2019, 5, 31),
        Doi = "10.1234/lac.2019.1",
        Language = "en-GB",
        Authors =
        [
            new ResourceAuthor { Name = "Priya Shah", Position = 0 },
            new ResourceAuthor { Name = "Okafor, Helen", Position = 1 },
            new ResourceAuthor { Name = "Iriss", Position = 2 },
        ],
    }, "https://hub.example.org/library/42/listening-trust-and-time", "University of Southbridge", Accessed);

    [Fact]
    public void BibTex_round_trips_its_fields()
    {
        var bib = Citations.ToBibTex(Item());
        var match = EntryHead().Match(bib);
        Assert.True(match.Success, bib);
        Assert.Equal("techreport", match.Groups[1].Value);
        var fields = ParseBibTexFields(bib);

        Assert.Equal("Listening, trust & time: {evaluating} LAC_100%", Unescape(fields["title"]));
        Assert.Equal(["Shah, Priya", "Okafor, Helen", "{Iriss}"], fields["author"].Split(" and "));
        Assert.Equal("2019", fields["year"]);
        Assert.Equal("10.1234/lac.2019.1", fields["doi"]);
        Assert.Equal("University of Southbridge", fields["institution"]);
        Assert.Equal("Two lines of summary.", fields["abstract"]);
    }

    [Fact]
    public void Ris_round_trips_its_fields()
    {
        var ris = Citations.ToRis(Item());
        var tags = ris.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (Tag: line[..2], Value: line.Length > 6 ? line[6..] : ""))
            .ToList();
        Assert.Equal("TY", tags[0].Tag);
        Assert.Equal("RPRT", tags[0].Value);
        Assert.Equal("ER", tags[^1].Tag);
        Assert.All(ris.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches("^[A-Z][A-Z0-9]  - ", line));
        Assert.Equal("Listening, trust & time: {evaluating} LAC_100%", tags.Single(t => t.Tag == "TI").Value);
        Assert.Equal(["Shah, Priya", "Okafor, Helen", "Iriss"], tags.Where(t => t.Tag == "AU").Select(t => t.Value));
        Assert.Equal("2019", tags.Single(t => t.Tag == "PY").Value);
        Assert.Equal("2019/05/31", tags.Single(t => t.Tag == "DA").Value);
        Assert.Equal("10.1234/lac.2019.1", tags.Single(t => t.Tag == "DO").Value);
        Assert.Equal("Two lines of summary.", tags.Single(t => t.Tag == "AB").Value);
    }

    [Fact]
    public void Csl_json_uses_csl_field_names()
    {
        using var json = JsonDocument.Parse(Citations.ToCslJson([Item()]));
        var entry = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal("report", entry.GetProperty("type").GetString());
        Assert.Equal("Listening, trust & time: {evaluating} LAC_100%", entry.GetProperty("title").GetString());
        var authors = entry.GetProperty("author").EnumerateArray().ToList();
        Assert.Equal("Shah", authors[0].GetProperty("family").GetString());
        Assert.Equal("Priya", authors[0].GetProperty("given").GetString());
        Assert.Equal("Okafor", authors[1].GetProperty("family").GetString());
        Assert.Equal("Iriss", authors[2].GetProperty("literal").GetString());
        Assert.Equal([2019, 5, 31], entry.GetProperty("issued").GetProperty("date-parts")[0].EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal("10.1234/lac.2019.1", entry.GetProperty("DOI").GetString());
        Assert.Equal("https://hub.example.org/library/42/listening-trust-and-time", entry.GetProperty("URL").GetString());

        string[] cslFields = ["id", "type", "title", "author", "issued", "accessed", "URL", "DOI", "publisher", "abstract", "language", "genre"];
        Assert.All(entry.EnumerateObject(), p => Assert.Contains(p.Name, cslFields));
    }

    [GeneratedRegex(@"^@(\w+)\{([^,]+),\n")]
    private static partial Regex EntryHead();

    /// <summary>Reads "  name = {value}," lines, with nested braces, as a BibTeX parser does.</summary>
    private static Dictionary<string, string> ParseBibTexFields(string bib)
    {
        var fields = new Dictionary<string, string>();
        var i = bib.IndexOf(",\n", StringComparison.Ordinal) + 2;
        while (i < bib.Length)
        {
            var eq = bib.IndexOf(" = {", i, StringComparison.Ordinal);
            if (eq < 0)
            {
                break;
            }

            var name = bib[i..eq].Trim();
            var start = eq + 4;
            var depth = 1;
            var j = start;
            for (; depth > 0; j++)
            {
                if (bib[j] == '\\')
                {
                    j++;
                    continue;
                }

                depth += bib[j] switch { '{' => 1, '}' => -1, _ => 0 };
            }

            fields[name] = bib[start..(j - 1)];
            i = bib.IndexOf('\n', j) + 1;
        }

        return fields;
    }

    private static string Unescape(string value) => Regex.Replace(value, @"\\([{}%&$#_])", "$1");
}
