using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ResearchHub.Library.Services;

/// <summary>
/// Small real documents made from text: the demo recipe's attachments and the tests' fixtures are
/// generated from source text rather than committed as binary blobs.
/// </summary>
public static class GeneratedDocuments
{
    private const int LinesPerPage = 52;
    private const int CharsPerLine = 90;

    /// <summary>A PDF 1.4 with a text layer (Helvetica, WinAnsi), one or more A4 pages.</summary>
    public static byte[] Pdf(string text)
    {
        var lines = Wrap(text).ToList();
        var pages = lines.Chunk(LinesPerPage).ToList();
        if (pages.Count == 0)
        {
            pages.Add([""]);
        }

        // Objects: 1 catalog, 2 pages, 3 font, then a page and its content stream for each page.
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{4 + (2 * i)} 0 R"))}] /Count {pages.Count} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        foreach (var page in pages)
        {
            var content = new StringBuilder("BT /F1 11 Tf 14 TL 56 790 Td\n");
            foreach (var line in page)
            {
                content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
            }

            content.Append("ET");
            var contentNumber = objects.Count + 2;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentNumber} 0 R >>");
            objects.Add($"<< /Length {Latin1.GetByteCount(content.ToString())} >>\nstream\n{content}\nendstream");
        }

        var output = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Latin1.GetByteCount(output.ToString()));
            output.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Latin1.GetByteCount(output.ToString());
        output.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            output.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        output.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Latin1.GetBytes(output.ToString());
    }

    /// <summary>A Word document: the first paragraph as a heading, the rest as body text.</summary>
    public static byte[] Docx(string title, IEnumerable<string> paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body();
            body.Append(new W.Paragraph(
                new W.ParagraphProperties(new W.ParagraphStyleId { Val = "Title" }),
                new W.Run(new W.Text(title))));
            foreach (var paragraph in paragraphs)
            {
                body.Append(new W.Paragraph(new W.Run(new W.Text(paragraph) { Space = SpaceProcessingModeValues.Preserve })));
            }

            main.Document = new W.Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static readonly Encoding Latin1 = Encoding.Latin1;

    private static IEnumerable<string> Wrap(string text)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > CharsPerLine)
                {
                    yield return line.ToString();
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : "").Append(word);
            }

            yield return line.ToString();
        }
    }

    /// <summary>PDF string escapes; characters outside Latin-1 become "?" (Helvetica's WinAnsi has no glyph for them).</summary>
    private static string Escape(string line)
    {
        var text = new StringBuilder(line.Length);
        foreach (var c in line.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"').Replace('\u2013', '-').Replace('\u2014', '-'))
        {
            text.Append(c switch
            {
                '(' or ')' or '\\' => "\\" + c,
                > '\u00FF' or < ' ' => "?",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }
}
