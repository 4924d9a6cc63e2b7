using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace ResearchHub.Codebooks.Services;

/// <summary>A codebook as REFI-QDA sees it: the tree and sets, without the hub's own fields.</summary>
public sealed record QdcCodebook(string? Origin, IReadOnlyList<QdcCode> Codes, IReadOnlyList<QdcSet> Sets);

public sealed record QdcCode(Guid Guid, string Name, bool IsCodable, string? Color, string Description, IReadOnlyList<QdcCode> Children);

public sealed record QdcSet(Guid Guid, string Name, string Description, IReadOnlyList<Guid> MemberCodes);

/// <summary>The outcome of reading a file: a codebook with a warning per repaired problem, or the reason it was refused.</summary>
public sealed record QdcReadResult(QdcCodebook? Codebook, IReadOnlyList<string> Warnings, string? Error)
{
    public bool Succeeded => Codebook is not null;
}

/// <summary>
/// Reads and writes the REFI-QDA Codebook Exchange format (.qdc). Reading keys on the namespace only
/// (tools fill xsi:schemaLocation with other versions), repairs what can be repaired with a named
/// warning (a bad GUID gets a new one, a missing isCodable is taken as true, a bad colour is dropped)
/// and refuses, naming the line, what cannot (not XML, another format, no codes, a code without a
/// name). Writing always produces a file that is valid against the schema, checked before it is returned.
/// </summary>
public static partial class QdcFormat
{
    public const string Namespace = "urn:QDA-XML:codebook:1.0";
    public const string MediaType = "application/xml";
    /// <summary>Large enough for any real codebook (thousands of codes with definitions), small enough to refuse abuse.</summary>
    public const long MaxBytes = 5_000_000;

    private static readonly XNamespace Ns = Namespace;
    private static readonly Lazy<XmlSchemaSet> Schema = new(LoadSchema);

    public static async Task<QdcReadResult> ReadAsync(Stream stream, CancellationToken ct)
    {
        var settings = new XmlReaderSettings
        {
            // A .qdc has no business with a DTD: refusing one rules out entity expansion and external entities.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            MaxCharactersFromEntities = 0,
            Async = true,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            document = await XDocument.LoadAsync(reader, LoadOptions.SetLineInfo, ct);
        }
        catch (XmlException e)
        {
            return Refuse($"Line {e.LineNumber}: the file is not well-formed XML ({Trim(e.Message)}). Nothing was imported.");
        }

        var root = document.Root!;
        if (root.Name != Ns + "CodeBook")
        {
            return Refuse($"Line {Line(root)}: the root element is {{{root.Name.NamespaceName}}}{root.Name.LocalName}, not a REFI-QDA CodeBook in the namespace {Namespace}. Nothing was imported.");
        }

        var warnings = new List<string>();
        var seen = new HashSet<Guid>();
        var codesElement = root.Element(Ns + "Codes");
        if (codesElement is null)
        {
            return Refuse($"Line {Line(root)}: the CodeBook has no Codes element; the schema requires one. Nothing was imported.");
        }

        var codeElements = codesElement.Elements(Ns + "Code").ToList();
        if (codeElements.Count == 0)
        {
            return Refuse($"Line {Line(codesElement)}: the Codes element is empty; the schema requires at least one Code. Nothing was imported.");
        }

        string? error = null;
        var codes = new List<QdcCode>();
        foreach (var element in codeElements)
        {
            var code = ReadCode(element, warnings, seen, ref error);
            if (error is not null)
            {
                return Refuse(error);
            }

            codes.Add(code!);
        }

        var sets = new List<QdcSet>();
        var setGuids = new HashSet<Guid>();
        foreach (var element in root.Element(Ns + "Sets")?.Elements(Ns + "Set") ?? [])
        {
            var name = (string?)element.Attribute("name");
            if (string.IsNullOrWhiteSpace(name))
            {
                return Refuse($"Line {Line(element)}: a Set has no name; the schema requires one. Nothing was imported.");
            }

            var guid = ReadGuid(element, $"set \"{name}\"", warnings, setGuids);
            var members = new List<Guid>();
            foreach (var member in element.Elements(Ns + "MemberCode"))
            {
                var raw = (string?)member.Attribute("guid");
                if (TryParseGuid(raw, out var memberGuid) && seen.Contains(memberGuid))
                {
                    if (!members.Contains(memberGuid))
                    {
                        members.Add(memberGuid);
                    }
                }
                else
                {
                    warnings.Add($"Line {Line(member)}: set \"{name}\" names a member code \"{raw}\" that is not a code of this file; it was left out of the set.");
                }
            }

            sets.Add(new QdcSet(guid, name.Trim(), DescriptionOf(element), members));
        }

        return new QdcReadResult(new QdcCodebook((string?)root.Attribute("origin"), codes, sets), warnings, null);

        static QdcReadResult Refuse(string message) => new(null, [], message);
    }

    private static QdcCode? ReadCode(XElement element, List<string> warnings, HashSet<Guid> seen, ref string? error)
    {
        var name = (string?)element.Attribute("name");
        if (string.IsNullOrWhiteSpace(name))
        {
            error = $"Line {Line(element)}: a Code has no name; the schema requires one. Nothing was imported.";
            return null;
        }

        name = name.Trim();
        var guid = ReadGuid(element, $"code \"{name}\"", warnings, seen);
        var codable = (string?)element.Attribute("isCodable");
        bool isCodable;
        if (codable is null)
        {
            warnings.Add($"Line {Line(element)}: code \"{name}\" has no isCodable attribute; it was imported as codable.");
            isCodable = true;
        }
        else if (!TryParseBoolean(codable, out isCodable))
        {
            warnings.Add($"Line {Line(element)}: code \"{name}\" has isCodable=\"{codable}\", which is not true or false; it was imported as codable.");
            isCodable = true;
        }

        var rawColor = (string?)element.Attribute("color");
        string? color = null;
        if (rawColor is not null)
        {
            color = NormaliseColor(rawColor);
            if (color is null)
            {
                warnings.Add($"Line {Line(element)}: code \"{name}\" has colour \"{rawColor}\", which is not #RRGGBB or #RGB; it was imported without a colour.");
            }
        }

        var children = new List<QdcCode>();
        foreach (var child in element.Elements(Ns + "Code"))
        {
            var code = ReadCode(child, warnings, seen, ref error);
            if (error is not null)
            {
                return null;
            }

            children.Add(code!);
        }

        return new QdcCode(guid, name, isCodable, color, DescriptionOf(element), children);
    }

    private static Guid ReadGuid(XElement element, string what, List<string> warnings, HashSet<Guid> seen)
    {
        var raw = (string?)element.Attribute("guid");
        if (!TryParseGuid(raw, out var guid))
        {
            guid = Guid.NewGuid();
            warnings.Add(raw is null
                ? $"Line {Line(element)}: {what} has no GUID; it was given the new GUID {guid}."
                : $"Line {Line(element)}: {what} has the GUID \"{raw}\", which is not a GUID; it was given the new GUID {guid}.");
        }
        else if (seen.Contains(guid))
        {
            var repeated = guid;
            guid = Guid.NewGuid();
            warnings.Add($"Line {Line(element)}: {what} repeats the GUID {repeated} of an earlier element; it was given the new GUID {guid}.");
        }

        seen.Add(guid);
        return guid;
    }

    /// <summary>The schema's GUID pattern (with or without braces), not Guid.TryParse's many other forms.</summary>
    public static bool TryParseGuid(string? value, out Guid guid)
    {
        guid = default;
        return value is not null && GuidPattern().IsMatch(value.Trim()) && Guid.TryParse(value.Trim(), out guid);
    }

    /// <summary>"#RRGGBB" in capitals, widening "#RGB"; null when it is neither.</summary>
    public static string? NormaliseColor(string? value)
    {
        var v = value?.Trim();
        if (v is null || !ColorPattern().IsMatch(v))
        {
            return null;
        }

        var hex = v.Length == 4 ? string.Concat(v[1], v[1], v[2], v[2], v[3], v[3]) : v[1..];
        return "#" + hex.ToUpperInvariant();
    }

    private static bool TryParseBoolean(string value, out bool result)
    {
        switch (value.Trim())
        {
            case "true" or "1":
                result = true;
                return true;
            case "false" or "0":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    private static string DescriptionOf(XElement element) => ((string?)element.Element(Ns + "Description"))?.Trim() ?? "";

    private static int Line(XElement element) => ((IXmlLineInfo)element).LineNumber;

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    /// <summary>The origin attribute of every file the hub writes.</summary>
    public const string ExportOrigin = "ResearchHub";

    /// <summary>The .qdc bytes (UTF-8), validated against the embedded schema; an invalid result is a bug, so it throws.</summary>
    public static byte[] Write(QdcCodebook codebook)
    {
        if (codebook.Codes.Count == 0)
        {
            throw new InvalidOperationException("A codebook without codes cannot be written as REFI-QDA: the schema requires at least one code.");
        }

        // The hub wrote this file (it may have edited the codes), so it is the origin; the tool the
        // codebook first came from is kept in a note, as REFI-QDA's CodeBook has no field for it.
        var root = new XElement(Ns + "CodeBook",
            new XAttribute("origin", ExportOrigin),
            new XElement(Ns + "Codes", codebook.Codes.Select(WriteCode)));
        if (!string.IsNullOrWhiteSpace(codebook.Origin) && codebook.Origin != ExportOrigin)
        {
            root.AddFirst(new XComment($" Source: first imported from {codebook.Origin.Replace("--", "- -", StringComparison.Ordinal).TrimEnd('-')}; written by {ExportOrigin}. "));
        }

        if (codebook.Sets.Count > 0)
        {
            root.Add(new XElement(Ns + "Sets", codebook.Sets.Select(s => new XElement(Ns + "Set",
                new XAttribute("guid", s.Guid.ToString("D", CultureInfo.InvariantCulture)),
                new XAttribute("name", s.Name),
                string.IsNullOrEmpty(s.Description) ? null : new XElement(Ns + "Description", s.Description),
                s.MemberCodes.Select(m => new XElement(Ns + "MemberCode", new XAttribute("guid", m.ToString("D", CultureInfo.InvariantCulture))))))));
        }

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        var problems = new List<string>();
        document.Validate(Schema.Value, (_, e) => problems.Add(e.Message));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The .qdc export is not valid against the REFI-QDA schema: " + string.Join(" ", problems));
        }

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }

    private static XElement WriteCode(QdcCode code) => new(Ns + "Code",
        new XAttribute("guid", code.Guid.ToString("D", CultureInfo.InvariantCulture)),
        new XAttribute("name", code.Name),
        new XAttribute("isCodable", code.IsCodable ? "true" : "false"),
        code.Color is null ? null : new XAttribute("color", code.Color),
        string.IsNullOrEmpty(code.Description) ? null : new XElement(Ns + "Description", code.Description),
        code.Children.Select(WriteCode));

    private static XmlSchemaSet LoadSchema()
    {
        using var stream = typeof(QdcFormat).Assembly.GetManifestResourceStream("ResearchHub.Codebooks.Codebook.xsd")
            ?? throw new InvalidOperationException("The REFI-QDA schema is not embedded in ResearchHub.Codebooks.");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(Namespace, reader);
        set.Compile();
        return set;
    }

    [GeneratedRegex("^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\})$")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")]
    private static partial Regex ColorPattern();
}
