using System.Globalization;
using System.Text;

namespace ResearchHub.Meetings.Calendar;

/// <summary>
/// Writes iCalendar content lines (RFC 5545 §3.1): CRLF line ends, lines folded at 75 octets
/// (never inside a UTF-8 sequence) with a space starting each continuation, TEXT values escaped
/// (§3.3.11) and parameter values quoted when they hold ':', ';' or ','.
/// </summary>
public sealed class IcsWriter
{
    private const int MaxOctets = 75;
    private readonly StringBuilder _text = new();

    public IcsWriter Begin(string component) => Raw("BEGIN", component);

    public IcsWriter End(string component) => Raw("END", component);

    /// <summary>A property whose value is already in its iCalendar form (a date-time, an integer, a URI).</summary>
    public IcsWriter Raw(string name, string value, params (string Name, string Value)[] parameters)
    {
        var line = new StringBuilder(name);
        foreach (var (parameterName, parameterValue) in parameters)
        {
            line.Append(';').Append(parameterName).Append('=').Append(QuoteParameter(parameterValue));
        }

        line.Append(':').Append(value);
        Fold(line.ToString());
        return this;
    }

    /// <summary>A TEXT property: backslash, semicolon, comma and newlines escaped.</summary>
    public IcsWriter Text(string name, string value, params (string Name, string Value)[] parameters) =>
        Raw(name, EscapeText(value), parameters);

    /// <summary>A UTC date-time ("20180215T100000Z").</summary>
    public IcsWriter Utc(string name, DateTimeOffset value) => Raw(name, FormatUtc(value));

    /// <summary>A local date-time in a zone described by a VTIMEZONE ("DTSTART;TZID=Europe/London:20181028T100000").</summary>
    public IcsWriter Local(string name, DateTimeOffset local, string tzid) =>
        Raw(name, local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture), ("TZID", tzid));

    public static string FormatUtc(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string EscapeText(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    public override string ToString() => _text.ToString();

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(_text.ToString());

    private static string QuoteParameter(string value)
    {
        // DQUOTE cannot appear inside a parameter value at all (§3.2); control characters neither.
        var clean = new string([.. value.Where(c => c != '"' && !char.IsControl(c))]);
        return clean.AsSpan().IndexOfAny(":;,") >= 0 ? $"\"{clean}\"" : clean;
    }

    private void Fold(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var start = 0;
        var limit = MaxOctets;
        while (bytes.Length - start > limit)
        {
            var end = start + limit;
            // Step back to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
            while ((bytes[end] & 0xC0) == 0x80)
            {
                end--;
            }

            _text.Append(Encoding.UTF8.GetString(bytes, start, end - start)).Append("\r\n ");
            start = end;
            limit = MaxOctets - 1; // the leading space counts
        }

        _text.Append(Encoding.UTF8.GetString(bytes, start, bytes.Length - start)).Append("\r\n");
    }
}
