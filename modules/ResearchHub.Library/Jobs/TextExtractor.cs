using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;
using A = DocumentFormat.OpenXml.Drawing;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ResearchHub.Library.Jobs;

/// <summary>The text of a file, or why there is none.</summary>
public sealed record ExtractionResult(string? Text, string? Error)
{
    public static ExtractionResult Ok(string text) => new(text, null);

    public static ExtractionResult Fail(string error) => new(null, error);
}

/// <summary>
/// Reads the text out of an uploaded file for search: pdftotext (poppler-utils) for PDF, the Open
/// XML SDK for Word, Excel and PowerPoint, content.xml for OpenDocument text, UTF-8 text as is.
/// Never throws for a bad file: the reason comes back in <see cref="ExtractionResult.Error"/>.
/// </summary>
public sealed class TextExtractor(IOptions<LibraryOptions> options)
{
    public async Task<ExtractionResult> ExtractAsync(Stream content, string contentType, CancellationToken ct)
    {
        var type = FileTypes.ByContentType(contentType);
        try
        {
            var result = type?.Kind switch
            {
                FileKind.Pdf => await PdfAsync(content, ct),
                FileKind.Docx => Docx(content),
                FileKind.Xlsx => Xlsx(content),
                FileKind.Pptx => Pptx(content),
                FileKind.Odt => Odt(content),
                FileKind.Text or FileKind.Csv or FileKind.Markdown => await PlainAsync(content, ct),
                FileKind.Png or FileKind.Jpeg => ExtractionResult.Fail("images carry no text"),
                _ => ExtractionResult.Fail($"files of type {contentType} are not read"),
            };
            return Limit(result);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or XmlException
            or InvalidOperationException or NotSupportedException or IOException or ArgumentException)
        {
            var what = type?.DisplayName ?? "file";
            return ExtractionResult.Fail($"the {what} is damaged or not in the format it claims ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private ExtractionResult Limit(ExtractionResult result)
    {
        var max = options.Value.MaxExtractedChars;
        if (result.Text is null)
        {
            return result;
        }

        var text = result.Text.Trim();
        if (text.Length == 0)
        {
            return ExtractionResult.Fail("the file contains no text");
        }

        return ExtractionResult.Ok(text.Length > max ? text[..max] : text);
    }

    private async Task<ExtractionResult> PdfAsync(Stream content, CancellationToken ct)
    {
        // pdftotext needs random access to the PDF, so it reads a temporary copy.
        var input = Path.Combine(Path.GetTempPath(), $"researchhub-{Guid.NewGuid():N}.pdf");
        try
        {
            await using (var copy = File.Create(input))
            {
                await content.CopyToAsync(copy, ct);
            }

            var start = new ProcessStartInfo(options.Value.PdfToTextPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (var argument in (string[])["-enc", "UTF-8", "-q", input, "-"])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Win32Exception)
            {
                return ExtractionResult.Fail("pdftotext (poppler-utils) is not installed on the server");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ExtractionTimeoutSeconds));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                var text = await stdout;
                var errors = await stderr;
                if (process.ExitCode != 0)
                {
                    return ExtractionResult.Fail($"pdftotext could not read the PDF (exit code {process.ExitCode}{(errors.Length > 0 ? ": " + errors.Trim() : "")})");
                }

                return string.IsNullOrWhiteSpace(text.Replace("\f", "", StringComparison.Ordinal))
                    ? ExtractionResult.Fail("the PDF has no text layer (it may be a scanned image)")
                    : ExtractionResult.Ok(text.Replace("\f", "\n", StringComparison.Ordinal));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return ExtractionResult.Fail($"pdftotext took longer than {options.Value.ExtractionTimeoutSeconds} seconds");
            }
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static ExtractionResult Docx(Stream content)
    {
        using var document = WordprocessingDocument.Open(content, false);
        var body = document.MainDocumentPart?.Document?.Body
            ?? throw new InvalidDataException("the document has no body");
        var text = new StringBuilder();
        foreach (var paragraph in body.Descendants<W.Paragraph>())
        {
            text.AppendLine(string.Concat(paragraph.Descendants<W.Text>().Select(t => t.Text)));
        }

        return ExtractionResult.Ok(text.ToString());
    }

    private static ExtractionResult Xlsx(Stream content)
    {
        using var document = SpreadsheetDocument.Open(content, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("the workbook is missing");
        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<S.SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var text = new StringBuilder();
        foreach (var sheet in workbook.WorksheetParts)
        {
            foreach (var row in sheet.Worksheet.Descendants<S.Row>())
            {
                var cells = row.Elements<S.Cell>().Select(cell =>
                {
                    var value = cell.CellValue?.Text ?? cell.InnerText;
                    return cell.DataType?.Value == S.CellValues.SharedString && int.TryParse(value, out var index) && index < shared.Count
                        ? shared[index]
                        : value;
                });
                text.AppendLine(string.Join('\t', cells));
            }
        }

        return ExtractionResult.Ok(text.ToString());
    }

    private static ExtractionResult Pptx(Stream content)
    {
        using var document = PresentationDocument.Open(content, false);
        var presentation = document.PresentationPart ?? throw new InvalidDataException("the presentation is missing");
        var text = new StringBuilder();
        foreach (var slide in presentation.SlideParts)
        {
            foreach (var paragraph in slide.Slide.Descendants<A.Paragraph>())
            {
                text.AppendLine(string.Concat(paragraph.Descendants<A.Text>().Select(t => t.Text)));
            }
        }

        return ExtractionResult.Ok(text.ToString());
    }

    private static ExtractionResult Odt(Stream content)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        var entry = zip.GetEntry("content.xml") ?? throw new InvalidDataException("content.xml is missing");
        using var stream = entry.Open();
        var document = XDocument.Load(stream, LoadOptions.None);
        XNamespace textNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
        var text = new StringBuilder();
        foreach (var block in document.Descendants().Where(e => e.Name == textNs + "p" || e.Name == textNs + "h"))
        {
            text.AppendLine(block.Value);
        }

        return ExtractionResult.Ok(text.ToString());
    }

    private static async Task<ExtractionResult> PlainAsync(Stream content, CancellationToken ct)
    {
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true));
        return ExtractionResult.Ok(await reader.ReadToEndAsync(ct));
    }
}
