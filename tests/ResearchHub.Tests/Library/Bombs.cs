using System.IO.Compression;
using System.Text;

namespace ResearchHub.Tests.Library;

/// <summary>
/// Decompression bombs, generated: small zip-based documents (a few hundred KB) whose one big part
/// inflates to <paramref name="inflatedBytes"/> of valid, endlessly repeated XML, as the audit's 408 KB
/// DOCX did (400 MiB of word/document.xml).
/// </summary>
internal static class Bombs
{
    public const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    public const string S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    public const string P = "http://schemas.openxmlformats.org/presentationml/2006/main";
    public const string A = "http://schemas.openxmlformats.org/drawingml/2006/main";
    public const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>A zip with nothing but one huge entry (not a document at all).</summary>
    public static byte[] Zip(long inflatedBytes) =>
        Archive(zip => Big(zip, "payload.xml", "<payload>", "<row>0000000000000000000000000000000000000000</row>", "</payload>", inflatedBytes));

    public static byte[] Docx(long inflatedBytes, string paragraph = "<w:p><w:r><w:t>All work and no play makes a dull report.</w:t></w:r></w:p>") =>
        Archive(zip =>
        {
            Small(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Small(zip, "_rels/.rels", Rels(("rId1", "officeDocument", "word/document.xml")));
            Big(zip, "word/document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>""", paragraph, "</w:body></w:document>", inflatedBytes);
        });

    /// <summary>An Excel workbook of <paramref name="sheets"/> sheets, each inflating to <paramref name="inflatedBytes"/>.</summary>
    public static byte[] Xlsx(long inflatedBytes, int sheets = 1, string row = """<row><c t="inlineStr"><is><t>All work and no play</t></is></c><c><v>42</v></c></row>""") =>
        Archive(zip =>
        {
            Small(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>""");
            Small(zip, "_rels/.rels", Rels(("rId1", "officeDocument", "xl/workbook.xml")));
            var ids = Enumerable.Range(1, sheets).ToList();
            Small(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S}" xmlns:r="{R}"><sheets>{string.Concat(ids.Select(i => $"""<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>"""))}</sheets></workbook>""");
            Small(zip, "xl/_rels/workbook.xml.rels", Rels(ids.Select(i => ($"rId{i}", "worksheet", $"worksheets/sheet{i}.xml")).ToArray()));
            foreach (var i in ids)
            {
                Big(zip, $"xl/worksheets/sheet{i}.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S}"><sheetData>""", row, "</sheetData></worksheet>", inflatedBytes);
            }
        });

    public static byte[] Odt(long inflatedBytes) =>
        Archive(zip =>
        {
            var mimetype = zip.CreateEntry("mimetype", CompressionLevel.NoCompression);
            using (var writer = new StreamWriter(mimetype.Open()))
            {
                writer.Write("application/vnd.oasis.opendocument.text");
            }

            Big(zip, "content.xml",
                """<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>""",
                "<text:p>All work and no play makes a dull report.</text:p>", "</office:text></office:body></office:document-content>", inflatedBytes);
        });

    /// <summary>A zip of <paramref name="entries"/> tiny entries (a document's types and main part among them).</summary>
    public static byte[] ManyEntries(int entries) =>
        Archive(zip =>
        {
            using var docx = new ZipArchive(new MemoryStream(Docx(1000)), ZipArchiveMode.Read);
            foreach (var entry in docx.Entries)
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }

            for (var i = 0; i < entries - docx.Entries.Count; i++)
            {
                Small(zip, $"word/media/empty{i}.xml", "<x/>");
            }
        });

    public static string Rels(params (string Id, string Type, string Target)[] relationships) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{string.Concat(relationships.Select(r => $"""<Relationship Id="{r.Id}" Type="{Rel}/{r.Type}" Target="{r.Target}"/>"""))}</Relationships>""";

    public static byte[] Archive(Action<ZipArchive> build)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            build(zip);
        }

        return stream.ToArray();
    }

    public static void Small(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>An entry of <paramref name="head"/>, <paramref name="repeated"/> until about <paramref name="inflatedBytes"/>, then <paramref name="tail"/>.</summary>
    private static void Big(ZipArchive zip, string name, string head, string repeated, string tail, long inflatedBytes)
    {
        var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(repeated, Math.Max(1, 65536 / repeated.Length))));
        using var output = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        output.Write(Encoding.UTF8.GetBytes(head));
        for (long written = 0; written < inflatedBytes; written += chunk.Length)
        {
            output.Write(chunk);
        }

        output.Write(Encoding.UTF8.GetBytes(tail));
    }
}
