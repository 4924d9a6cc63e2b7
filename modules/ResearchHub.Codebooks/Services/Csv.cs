using System.Text;

namespace ResearchHub.Codebooks.Services;

/// <summary>RFC 4180 CSV: reading partners' excerpt files and writing exports that spreadsheets open safely.</summary>
public static class Csv
{
    public const string MediaType = "text/csv; charset=utf-8";

    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        // With a BOM, Excel reads the file as UTF-8 (names are often not ASCII).
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Field(string value)
    {
        // A cell starting with = + - @ would run as a formula in a spreadsheet: a leading quote keeps it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>Rows with the line each starts on; a quote left open is reported as an error naming its line.</summary>
    public static (IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> Rows, string? Error) Read(string text)
    {
        var rows = new List<(int, IReadOnlyList<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                quoteLine = line;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                if (fields.Any(f => f.Length > 0))
                {
                    rows.Add((rowLine, fields));
                }

                fields = [];
                line++;
                rowLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return ([], $"Line {quoteLine}: a quoted field is never closed.");
        }

        fields.Add(field.ToString());
        if (fields.Any(f => f.Length > 0))
        {
            rows.Add((rowLine, fields));
        }

        return (rows, null);
    }
}
