using System.Globalization;
using System.IO.Compression;
using System.Xml;
using ResearchHub.Core.Files;

namespace ResearchHub.Library.Jobs;

/// <summary>
/// A zip-based document (DOCX, XLSX, PPTX, ODT) opened for reading under the library's limits: the
/// entries are counted before the archive is opened, and every part is read as a stream through
/// <see cref="InflateLimitStream"/> into an <see cref="XmlReader"/> (no DTDs, no resolver), so no
/// part is ever held whole in memory and none inflates past its cap.
/// </summary>
internal sealed class BoundedArchive : IDisposable
{
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly LibraryOptions _limits;
    private readonly InflateBudget _budget;
    private readonly CancellationToken _ct;

    public BoundedArchive(Stream content, LibraryOptions limits, CancellationToken ct)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("The archive must be seekable.", nameof(content));
        }

        var count = ZipDirectory.CountEntries(content, limits.MaxArchiveEntries);
        if (count > limits.MaxArchiveEntries)
        {
            throw new ExtractionLimitException(string.Create(CultureInfo.InvariantCulture,
                $"it holds more than {limits.MaxArchiveEntries:N0} parts, the limit for one file"));
        }

        _limits = limits;
        _budget = new InflateBudget(limits.MaxInflatedTotalBytes);
        _ct = ct;
        _zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in _zip.Entries)
        {
            // Part names are case-insensitive in Open XML; the first of two same-named entries wins.
            _entries.TryAdd(entry.FullName.TrimStart('/'), entry);
        }
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>Reads a part as XML; <see cref="InvalidDataException"/> when the archive has no such part.</summary>
    public XmlReader OpenXml(string name)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new InvalidDataException($"the part {name} is missing");
        }

        // The sizes the archive declares are checked first; the stream checks what really inflates (they may lie).
        if (entry.Length > InflateLimitStream.RatioGraceBytes && entry.Length > (double)Math.Max(entry.CompressedLength, 1) * _limits.MaxCompressionRatio)
        {
            throw new ExtractionLimitException($"its part {name} inflates to more than {_limits.MaxCompressionRatio} times its compressed size, as a decompression bomb does");
        }

        if (entry.Length > _limits.MaxInflatedPartBytes)
        {
            throw new ExtractionLimitException($"its part {name} inflates to more than {FileSizes.Format(_limits.MaxInflatedPartBytes)}, the limit for one part");
        }

        var stream = new InflateLimitStream(entry.Open(), name, entry.CompressedLength,
            _limits.MaxInflatedPartBytes, _limits.MaxCompressionRatio, _budget, _ct);
        return XmlReader.Create(stream, XmlSettings);
    }

    /// <summary>
    /// The Open Packaging relationships of a part ("" for the package itself): id → (type, target part name).
    /// External targets are left out.
    /// </summary>
    public List<(string Id, string Type, string Target)> Relationships(string partName)
    {
        var folder = partName.Contains('/', StringComparison.Ordinal) ? partName[..partName.LastIndexOf('/')] : "";
        var file = partName[(partName.LastIndexOf('/') + 1)..];
        var relsName = folder.Length == 0 ? $"_rels/{file}.rels" : $"{folder}/_rels/{file}.rels";
        var found = new List<(string, string, string)>();
        if (!Contains(relsName))
        {
            return found;
        }

        using var xml = OpenXml(relsName);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship"
                || string.Equals(xml.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var target = xml.GetAttribute("Target");
            if (!string.IsNullOrEmpty(target))
            {
                found.Add((xml.GetAttribute("Id") ?? "", xml.GetAttribute("Type") ?? "", Resolve(folder, target)));
            }
        }

        return found;
    }

    /// <summary>The package's main part (the officeDocument relationship), or <paramref name="usual"/> when it names none.</summary>
    public string MainPart(string usual)
    {
        foreach (var (_, type, target) in Relationships(""))
        {
            if (type.EndsWith("/officeDocument", StringComparison.Ordinal))
            {
                return target;
            }
        }

        return usual;
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>A relationship's target as a part name: relative to the source part's folder, or absolute with a leading '/'.</summary>
    private static string Resolve(string folder, string target)
    {
        var path = Uri.UnescapeDataString(target.Split('#')[0]);
        var segments = new List<string>();
        foreach (var segment in (path.StartsWith('/') ? path : $"{folder}/{path}").Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment.Length > 0 && segment != ".")
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }
}
