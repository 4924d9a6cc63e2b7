using System.Globalization;
using System.Text;
using System.Xml;

namespace ResearchHub.Library.Jobs;

/// <summary>
/// The text of Word, Excel, PowerPoint and OpenDocument text files, read part by part with a
/// forward-only <see cref="XmlReader"/>: text nodes are copied in chunks, so neither a huge part nor
/// a huge text node is ever held in memory, and reading stops once the text is as long as search keeps.
/// </summary>
internal static class ArchiveText
{
    private const string OdfText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

    /// <summary>The longest cell Excel holds; longer values in a hostile file are cut.</summary>
    private const int MaxCellChars = 32_767;

    /// <summary>Paragraphs of the main document part: the text of its w:t runs, a line per w:p.</summary>
    public static void Docx(BoundedArchive zip, BoundedText text)
    {
        using var xml = zip.OpenXml(zip.MainPart("word/document.xml"));
        Paragraphs(xml, text, textElement: "t", paragraphElement: "p");
    }

    /// <summary>Each slide in the presentation's order: the text of its a:t runs, a line per a:p.</summary>
    public static void Pptx(BoundedArchive zip, BoundedText text)
    {
        var presentation = zip.MainPart("ppt/presentation.xml");
        var slides = zip.Relationships(presentation).Where(r => r.Type.EndsWith("/slide", StringComparison.Ordinal)).ToList();
        foreach (var slide in InDeclaredOrder(zip, presentation, "sldId", slides))
        {
            if (text.IsFull)
            {
                break;
            }

            using var xml = zip.OpenXml(slide);
            Paragraphs(xml, text, textElement: "t", paragraphElement: "p");
        }
    }

    /// <summary>Each worksheet in the workbook's order: a line per row, its cells' values (shared strings looked up) separated by tabs.</summary>
    public static void Xlsx(BoundedArchive zip, BoundedText text, int maxChars)
    {
        var workbook = zip.MainPart("xl/workbook.xml");
        var relationships = zip.Relationships(workbook);
        var shared = relationships.Where(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal))
            .Select(r => SharedStrings(zip, r.Target, maxChars)).FirstOrDefault() ?? [];
        var sheets = relationships.Where(r => r.Type.EndsWith("/worksheet", StringComparison.Ordinal)).ToList();
        foreach (var sheet in InDeclaredOrder(zip, workbook, "sheet", sheets))
        {
            if (text.IsFull)
            {
                break;
            }

            using var xml = zip.OpenXml(sheet);
            Rows(xml, text, shared);
        }
    }

    /// <summary>content.xml: a line per text:p and text:h, with text:s as spaces and text:tab as tabs.</summary>
    public static void Odt(BoundedArchive zip, BoundedText text)
    {
        using var xml = zip.OpenXml("content.xml");
        var buffer = new char[4096];
        var depth = 0; // inside how many text:p / text:h
        while (!text.IsFull && xml.Read())
        {
            var block = xml.NamespaceURI == OdfText && xml.LocalName is "p" or "h";
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when block:
                    if (xml.IsEmptyElement)
                    {
                        text.Line();
                    }
                    else
                    {
                        depth++;
                    }

                    break;
                case XmlNodeType.EndElement when block:
                    depth--;
                    text.Line();
                    break;
                case XmlNodeType.Element when depth > 0 && xml.NamespaceURI == OdfText && xml.LocalName == "s":
                    text.Append(' ');
                    break;
                case XmlNodeType.Element when depth > 0 && xml.NamespaceURI == OdfText && xml.LocalName == "tab":
                    text.Append('\t');
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when depth > 0:
                    CopyValue(xml, text, buffer);
                    break;
            }
        }
    }

    /// <summary>Text inside <paramref name="textElement"/> elements, a line at the end of each <paramref name="paragraphElement"/>.</summary>
    private static void Paragraphs(XmlReader xml, BoundedText text, string textElement, string paragraphElement)
    {
        var buffer = new char[4096];
        var inText = false;
        while (!text.IsFull && xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == textElement:
                    inText = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == textElement:
                    inText = false;
                    break;
                case XmlNodeType.Element when xml.LocalName == paragraphElement && xml.IsEmptyElement:
                case XmlNodeType.EndElement when xml.LocalName == paragraphElement:
                    text.Line();
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inText:
                    CopyValue(xml, text, buffer);
                    break;
            }
        }
    }

    private static void Rows(XmlReader xml, BoundedText text, List<string> shared)
    {
        var cellsInRow = 0;
        while (!text.IsFull && xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "row")
            {
                text.Line();
                cellsInRow = 0;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "row" && xml.IsEmptyElement)
            {
                text.Line();
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
            {
                var type = xml.GetAttribute("t");
                var value = xml.IsEmptyElement ? "" : CellValue(xml);
                if (type == "s")
                {
                    value = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index] : value;
                }

                if (cellsInRow++ > 0)
                {
                    text.Append('\t');
                }

                text.Append(value);
            }
        }
    }

    /// <summary>The value of the cell the reader is on (its v, or its inline string's t runs); leaves the reader on the cell's end.</summary>
    private static string CellValue(XmlReader xml)
    {
        var value = new StringBuilder();
        var depth = xml.Depth;
        var inValue = false;
        var buffer = new char[1024];
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName is "v" or "t":
                    inValue = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.EndElement when xml.LocalName is "v" or "t":
                    inValue = false;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inValue:
                    CopyValue(xml, value, buffer, MaxCellChars);
                    break;
            }
        }

        return value.ToString();
    }

    /// <summary>The workbook's shared strings, kept until they hold as much text as search keeps (later ones read as empty).</summary>
    private static List<string> SharedStrings(BoundedArchive zip, string part, int maxChars)
    {
        var strings = new List<string>();
        if (!zip.Contains(part))
        {
            return strings;
        }

        using var xml = zip.OpenXml(part);
        var kept = 0L;
        var current = new StringBuilder();
        var inText = false;
        var phonetic = 0; // rPh runs repeat the reading of East Asian text: not part of the value
        var buffer = new char[1024];
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si" && xml.IsEmptyElement:
                    strings.Add("");
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si":
                    var value = kept < maxChars ? current.ToString() : "";
                    kept += value.Length;
                    strings.Add(value);
                    current.Clear();
                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh" && !xml.IsEmptyElement:
                    phonetic++;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    phonetic--;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t":
                    inText = !xml.IsEmptyElement && phonetic == 0;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inText:
                    CopyValue(xml, current, buffer, MaxCellChars);
                    break;
            }
        }

        return strings;
    }

    /// <summary>
    /// The targets of <paramref name="related"/> in the order the part lists them (presentation.xml's
    /// p:sldId, workbook.xml's sheet, each naming its relationship with r:id); any not listed follow.
    /// </summary>
    private static List<string> InDeclaredOrder(BoundedArchive zip, string part, string element, List<(string Id, string Type, string Target)> related)
    {
        var byId = related.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Target, StringComparer.Ordinal);
        var ordered = new List<string>();
        using (var xml = zip.OpenXml(part))
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != element || !xml.MoveToFirstAttribute())
                {
                    continue;
                }

                do
                {
                    if (xml.LocalName == "id" && xml.NamespaceURI.EndsWith("relationships", StringComparison.Ordinal)
                        && byId.TryGetValue(xml.Value, out var target) && !ordered.Contains(target))
                    {
                        ordered.Add(target);
                    }
                }
                while (xml.MoveToNextAttribute());
            }
        }

        ordered.AddRange(related.Select(r => r.Target).Where(t => !ordered.Contains(t)).Distinct());
        return ordered;
    }

    private static void CopyValue(XmlReader xml, BoundedText text, char[] buffer)
    {
        if (!xml.CanReadValueChunk)
        {
            text.Append(xml.Value);
            return;
        }

        int read;
        while (!text.IsFull && (read = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer.AsSpan(0, read));
        }
    }

    private static void CopyValue(XmlReader xml, StringBuilder value, char[] buffer, int maxChars)
    {
        if (!xml.CanReadValueChunk)
        {
            value.Append(xml.Value.AsSpan(0, Math.Min(xml.Value.Length, Math.Max(0, maxChars - value.Length))));
            return;
        }

        int read;
        while ((read = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            var room = maxChars - value.Length;
            if (room > 0)
            {
                value.Append(buffer, 0, Math.Min(read, room));
            }
        }
    }
}
