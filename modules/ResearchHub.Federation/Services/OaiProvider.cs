using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Settings;
using ResearchHub.Core.Web;

namespace ResearchHub.Federation.Services;

/// <summary>
/// The OAI-PMH 2.0 protocol over <see cref="OaiRecords"/>: argument rules, error codes, the
/// response envelope, oai_dc, and resumption tokens. Errors are answered as the protocol says
/// (HTTP 200 with &lt;error code&gt;), so harvesters can act on the code.
/// </summary>
public sealed partial class OaiProvider(
    OaiRecords records,
    OaiTokenCodec tokens,
    SiteSettingsService settings,
    PublicUrls urls,
    IConfiguration configuration,
    IOptions<FederationOptions> options,
    TimeProvider clock)
{
    public const string Path = FederationUrls.Oai;
    public const string OaiNs = "http://www.openarchives.org/OAI/2.0/";
    public const string OaiDcNs = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    public const string DcNs = "http://purl.org/dc/elements/1.1/";
    public const string XsiNs = "http://www.w3.org/2001/XMLSchema-instance";
    private const string MetadataPrefix = "oai_dc";
    private const string IdentifierTail = ":resource/";

    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Identify"] = [],
        ["ListMetadataFormats"] = ["identifier"],
        ["ListSets"] = ["resumptionToken"],
        ["ListIdentifiers"] = ["metadataPrefix", "from", "until", "set", "resumptionToken"],
        ["ListRecords"] = ["metadataPrefix", "from", "until", "set", "resumptionToken"],
        ["GetRecord"] = ["identifier", "metadataPrefix"],
    };

    private sealed record OaiError(string Code, string Message);

    /// <summary>
    /// Answers one request; <paramref name="arguments"/> are the query or form pairs as sent (repeats
    /// kept). <paramref name="requestProblem"/>, when given, is why the request could not be read at
    /// all (a POST that is not a form): it is answered as badArgument.
    /// </summary>
    public async Task<byte[]> HandleAsync(IReadOnlyList<KeyValuePair<string, string>> arguments, CancellationToken ct, string? requestProblem = null)
    {
        var now = clock.GetUtcNow();
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("OAI-PMH", OaiNs);
            xml.WriteAttributeString("xmlns", "xsi", null, XsiNs);
            xml.WriteAttributeString("schemaLocation", XsiNs, $"{OaiNs} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd");
            xml.WriteElementString("responseDate", OaiNs, OaiTokenCodec.Format(now));

            var (verb, args, argumentError) = requestProblem is null
                ? Parse(arguments)
                : (null, new Dictionary<string, string>(), new OaiError("badArgument", requestProblem));
            xml.WriteStartElement("request", OaiNs);
            // The request element echoes the arguments only when they were valid (protocol 3.2).
            if (argumentError is null && verb is not null)
            {
                xml.WriteAttributeString("verb", verb);
                foreach (var (key, value) in args)
                {
                    xml.WriteAttributeString(key, value);
                }
            }

            xml.WriteString(urls.Absolute(Path));
            xml.WriteEndElement();

            if (argumentError is not null)
            {
                WriteError(xml, argumentError);
            }
            else
            {
                var error = verb switch
                {
                    "Identify" => await IdentifyAsync(xml, ct),
                    "ListMetadataFormats" => await ListMetadataFormatsAsync(xml, args, ct),
                    "ListSets" => await ListSetsAsync(xml, args, ct),
                    "GetRecord" => await GetRecordAsync(xml, args, ct),
                    _ => await ListAsync(xml, verb!, args, now, ct),
                };
                if (error is not null)
                {
                    WriteError(xml, error);
                }
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static (string? Verb, Dictionary<string, string> Args, OaiError? Error) Parse(IReadOnlyList<KeyValuePair<string, string>> arguments)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var verbs = arguments.Where(a => a.Key == "verb").Select(a => a.Value).ToList();
        if (verbs.Count != 1 || !Allowed.TryGetValue(verbs[0], out var allowed))
        {
            return (null, args, new OaiError("badVerb", verbs.Count > 1 ? "The verb argument is repeated." : "The verb is missing or not an OAI-PMH verb."));
        }

        foreach (var (key, value) in arguments.Where(a => a.Key != "verb"))
        {
            if (!allowed.Contains(key))
            {
                return (verbs[0], args, new OaiError("badArgument", $"{verbs[0]} does not take the argument '{key}'."));
            }

            if (!args.TryAdd(key, value))
            {
                return (verbs[0], args, new OaiError("badArgument", $"The argument '{key}' is repeated."));
            }
        }

        return (verbs[0], args, Check(verbs[0], args));
    }

    /// <summary>
    /// The badArgument conditions, found before anything is written, because a badArgument response
    /// must not echo the arguments in its request element.
    /// </summary>
    private static OaiError? Check(string verb, Dictionary<string, string> args)
    {
        // Values the schema's types forbid would make the echoed request invalid: they are bad arguments.
        if (args.TryGetValue("metadataPrefix", out var prefixText) && !MetadataPrefixPattern().IsMatch(prefixText))
        {
            return new OaiError("badArgument", "metadataPrefix is empty or has characters a metadata prefix cannot have.");
        }

        if (args.TryGetValue("set", out var setText) && !SetSpecPattern().IsMatch(setText))
        {
            return new OaiError("badArgument", "set is empty or not a set spec (letters, digits and -_.!~*'() in parts separated by colons).");
        }

        switch (verb)
        {
            case "GetRecord" when !args.ContainsKey("identifier") || !args.ContainsKey("metadataPrefix"):
                return new OaiError("badArgument", "GetRecord needs both identifier and metadataPrefix.");
            case "ListRecords" or "ListIdentifiers" when args.ContainsKey("resumptionToken"):
                return args.Count > 1 ? new OaiError("badArgument", "resumptionToken is an exclusive argument.") : null;
            case "ListRecords" or "ListIdentifiers":
                if (!args.ContainsKey("metadataPrefix"))
                {
                    return new OaiError("badArgument", $"{verb} needs a metadataPrefix (or a resumptionToken).");
                }

                var fromText = args.GetValueOrDefault("from");
                var untilText = args.GetValueOrDefault("until");
                var from = fromText is null ? null : ParseDate(fromText, false);
                var until = untilText is null ? null : ParseDate(untilText, true);
                if ((fromText is not null && from is null) || (untilText is not null && until is null))
                {
                    return new OaiError("badArgument", "from and until are dates (YYYY-MM-DD) or UTC times to the second (YYYY-MM-DDThh:mm:ssZ).");
                }

                if (fromText is not null && untilText is not null && fromText.Length != untilText.Length)
                {
                    return new OaiError("badArgument", "from and until must have the same granularity.");
                }

                return from > until ? new OaiError("badArgument", "from is later than until.") : null;
            default:
                return null;
        }
    }

    private async Task<OaiError?> IdentifyAsync(XmlWriter xml, CancellationToken ct)
    {
        var earliest = await records.EarliestAsync(ct) ?? clock.GetUtcNow();
        var email = await settings.GetAsync(SiteSettingKeys.ContactEmail, ct);
        if (string.IsNullOrWhiteSpace(email))
        {
            email = configuration["Hub:Admin:Email"] ?? "admin@example.org";
        }

        xml.WriteStartElement("Identify", OaiNs);
        xml.WriteElementString("repositoryName", OaiNs, await settings.NetworkNameAsync(ct));
        xml.WriteElementString("baseURL", OaiNs, urls.Absolute(Path));
        xml.WriteElementString("protocolVersion", OaiNs, "2.0");
        xml.WriteElementString("adminEmail", OaiNs, email);
        xml.WriteElementString("earliestDatestamp", OaiNs, OaiTokenCodec.Format(earliest));
        xml.WriteElementString("deletedRecord", OaiNs, "persistent");
        xml.WriteElementString("granularity", OaiNs, "YYYY-MM-DDThh:mm:ssZ");
        xml.WriteEndElement();
        return null;
    }

    private async Task<OaiError?> ListMetadataFormatsAsync(XmlWriter xml, Dictionary<string, string> args, CancellationToken ct)
    {
        if (args.TryGetValue("identifier", out var identifier) && await FindAsync(identifier, ct) is null)
        {
            return IdDoesNotExist(identifier);
        }

        xml.WriteStartElement("ListMetadataFormats", OaiNs);
        xml.WriteStartElement("metadataFormat", OaiNs);
        xml.WriteElementString("metadataPrefix", OaiNs, MetadataPrefix);
        xml.WriteElementString("schema", OaiNs, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd");
        xml.WriteElementString("metadataNamespace", OaiNs, OaiDcNs);
        xml.WriteEndElement();
        xml.WriteEndElement();
        return null;
    }

    private async Task<OaiError?> ListSetsAsync(XmlWriter xml, Dictionary<string, string> args, CancellationToken ct)
    {
        // The set list is short enough for one answer, so no token of ours ever names a ListSets page.
        if (args.ContainsKey("resumptionToken"))
        {
            return new OaiError("badResumptionToken", "ListSets is answered in one response; this token is not valid.");
        }

        xml.WriteStartElement("ListSets", OaiNs);
        foreach (var (spec, name) in await records.SetsAsync(ct))
        {
            xml.WriteStartElement("set", OaiNs);
            xml.WriteElementString("setSpec", OaiNs, spec);
            xml.WriteElementString("setName", OaiNs, name);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        return null;
    }

    private async Task<OaiError?> GetRecordAsync(XmlWriter xml, Dictionary<string, string> args, CancellationToken ct)
    {
        var identifier = args["identifier"];
        var prefix = args["metadataPrefix"];
        var item = await FindAsync(identifier, ct);
        if (item is null)
        {
            return IdDoesNotExist(identifier);
        }

        if (prefix != MetadataPrefix)
        {
            return CannotDisseminate(prefix);
        }

        xml.WriteStartElement("GetRecord", OaiNs);
        WriteRecord(xml, item);
        xml.WriteEndElement();
        return null;
    }

    private async Task<OaiError?> ListAsync(XmlWriter xml, string verb, Dictionary<string, string> args, DateTimeOffset now, CancellationToken ct)
    {
        OaiListState state;
        if (args.TryGetValue("resumptionToken", out var token))
        {
            var decoded = tokens.Decode(token);
            if (decoded is null || decoded.ExpiresTicks < now.UtcTicks)
            {
                return new OaiError("badResumptionToken", "The resumption token is invalid or has expired.");
            }

            state = decoded;
        }
        else
        {
            // Check has vetted the arguments; here they are only read.
            var prefix = args["metadataPrefix"];
            var from = args.GetValueOrDefault("from") is { } fromText ? ParseDate(fromText, false) : null;
            var until = args.GetValueOrDefault("until") is { } untilText ? ParseDate(untilText, true) : null;
            if (prefix != MetadataPrefix)
            {
                return CannotDisseminate(prefix);
            }

            // The cut-off freezes the list: a record changed after the first page moves past it.
            var cutoff = until is { } u && u < now ? u : now;
            args.TryGetValue("set", out var set);
            state = new OaiListState(prefix, set, from?.UtcTicks, cutoff.UtcTicks, null, 0, 0, 0, 0);
            state = state with { CompleteListSize = await records.CountAsync(state, ct) };
        }

        var pageSize = Math.Max(1, options.Value.OaiPageSize);
        var withMetadata = verb == "ListRecords";
        var page = await records.PageAsync(state, pageSize, withMetadata, ct);
        if (page.Count == 0)
        {
            return new OaiError("noRecordsMatch", "No records match the request.");
        }

        var shown = page.Take(pageSize).ToList();
        xml.WriteStartElement(verb, OaiNs);
        foreach (var item in shown)
        {
            if (withMetadata)
            {
                WriteRecord(xml, item);
            }
            else
            {
                WriteHeader(xml, item);
            }
        }

        // A token is written when the list was resumed or continues; the last one is empty (protocol 3.5).
        if (page.Count > pageSize || state.Cursor > 0)
        {
            xml.WriteStartElement("resumptionToken", OaiNs);
            xml.WriteAttributeString("completeListSize", state.CompleteListSize.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("cursor", state.Cursor.ToString(CultureInfo.InvariantCulture));
            if (page.Count > pageSize)
            {
                var expires = now.AddMinutes(options.Value.OaiTokenMinutes);
                xml.WriteAttributeString("expirationDate", OaiTokenCodec.Format(expires));
                var last = shown[^1];
                xml.WriteString(tokens.Encode(state with
                {
                    LastTicks = last.Datestamp.UtcTicks,
                    LastId = last.Id,
                    Cursor = state.Cursor + shown.Count,
                    ExpiresTicks = expires.UtcTicks,
                }));
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        return null;
    }

    private void WriteRecord(XmlWriter xml, OaiItem item)
    {
        xml.WriteStartElement("record", OaiNs);
        WriteHeader(xml, item);
        if (item.Metadata is { } dc)
        {
            xml.WriteStartElement("metadata", OaiNs);
            xml.WriteStartElement("oai_dc", "dc", OaiDcNs);
            xml.WriteAttributeString("xmlns", "dc", null, DcNs);
            xml.WriteAttributeString("schemaLocation", XsiNs, $"{OaiDcNs} http://www.openarchives.org/OAI/2.0/oai_dc.xsd");
            foreach (var (element, value) in dc.Elements)
            {
                xml.WriteElementString("dc", element, DcNs, XmlSafe(value.StartsWith('/') ? urls.Absolute(value) : value));
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private void WriteHeader(XmlWriter xml, OaiItem item)
    {
        xml.WriteStartElement("header", OaiNs);
        if (item.Deleted)
        {
            xml.WriteAttributeString("status", "deleted");
        }

        xml.WriteElementString("identifier", OaiNs, Identifier(item.Id));
        xml.WriteElementString("datestamp", OaiNs, OaiTokenCodec.Format(item.Datestamp));
        foreach (var set in item.Sets)
        {
            xml.WriteElementString("setSpec", OaiNs, set);
        }

        xml.WriteEndElement();
    }

    private string RepositoryIdentifier =>
        options.Value.OaiRepositoryIdentifier is { Length: > 0 } configured ? configured : new Uri(urls.BaseUrl).Host;

    public string Identifier(long id) => $"oai:{RepositoryIdentifier}{IdentifierTail}{id.ToString(CultureInfo.InvariantCulture)}";

    private async Task<OaiItem?> FindAsync(string identifier, CancellationToken ct)
    {
        var prefix = $"oai:{RepositoryIdentifier}{IdentifierTail}";
        return identifier.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(identifier.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await records.FindAsync(id, ct)
            : null;
    }

    /// <summary>Seconds granularity: a day "until" covers the whole day; a time covers its whole second.</summary>
    private static DateTimeOffset? ParseDate(string text, bool isUntil)
    {
        if (text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
        {
            var start = new DateTimeOffset(day, TimeSpan.Zero);
            return isUntil ? start.AddDays(1).AddTicks(-1) : start;
        }

        if (text.Length == 20 && DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            var start = new DateTimeOffset(time, TimeSpan.Zero);
            return isUntil ? start.AddSeconds(1).AddTicks(-1) : start;
        }

        return null;
    }

    /// <summary>Characters XML 1.0 cannot carry (control characters pasted into a summary) are dropped, not allowed to break the document.</summary>
    private static string XmlSafe(string value)
    {
        var safe = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                safe.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                safe.Append(value, i++, 2);
            }
        }

        return safe.ToString();
    }

    /// <summary>OAI-PMH.xsd's metadataPrefixType.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9\-_\.!~\*'\(\)]+\z")]
    private static partial Regex MetadataPrefixPattern();

    /// <summary>OAI-PMH.xsd's setSpecType.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9\-_\.!~\*'\(\)]+(?::[A-Za-z0-9\-_\.!~\*'\(\)]+)*\z")]
    private static partial Regex SetSpecPattern();

    private static void WriteError(XmlWriter xml, OaiError error)
    {
        xml.WriteStartElement("error", OaiNs);
        xml.WriteAttributeString("code", error.Code);
        xml.WriteString(error.Message);
        xml.WriteEndElement();
    }

    private static OaiError IdDoesNotExist(string identifier) =>
        new("idDoesNotExist", $"No record has the identifier '{identifier}'.");

    private static OaiError CannotDisseminate(string prefix) =>
        new("cannotDisseminateFormat", $"This repository offers oai_dc only, not '{prefix}'.");
}
