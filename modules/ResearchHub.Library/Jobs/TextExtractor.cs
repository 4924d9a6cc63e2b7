using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;

namespace ResearchHub.Library.Jobs;

/// <summary>The text of a file, or why there is none.</summary>
public sealed record ExtractionResult(string? Text, string? Error)
{
    public static ExtractionResult Ok(string text) => new(text, null);

    public static ExtractionResult Fail(string error) => new(null, error);
}

/// <summary>
/// Reads the text out of an uploaded file for search: pdftotext (poppler-utils) for PDF, the XML
/// parts of Word, Excel, PowerPoint and OpenDocument text files streamed under limits (a
/// decompression bomb stops at a cap, see <see cref="BoundedArchive"/>), UTF-8 text as is.
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
                FileKind.Docx or FileKind.Xlsx or FileKind.Pptx or FileKind.Odt => Archive(content, type.Kind, ct),
                FileKind.Text or FileKind.Csv or FileKind.Markdown => await PlainAsync(content, ct),
                FileKind.Png or FileKind.Jpeg => ExtractionResult.Fail("images carry no text"),
                _ => ExtractionResult.Fail($"files of type {contentType} are not read"),
            };
            return Limit(result);
        }
        catch (Exception ex) when (ex is InvalidDataException or FileFormatException or XmlException
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

    /// <summary>
    /// A Word, Excel, PowerPoint or OpenDocument file, read part by part under the limits of
    /// <see cref="LibraryOptions"/> (inflated bytes per part and in all, entries, compression ratio)
    /// and the extraction timeout, as pdftotext is.
    /// </summary>
    private ExtractionResult Archive(Stream content, FileKind kind, CancellationToken ct)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.ExtractionTimeoutSeconds));
        var text = new BoundedText(settings.MaxExtractedChars);
        try
        {
            using var zip = new BoundedArchive(content, settings, timeout.Token);
            switch (kind)
            {
                case FileKind.Docx:
                    ArchiveText.Docx(zip, text);
                    break;
                case FileKind.Xlsx:
                    ArchiveText.Xlsx(zip, text, settings.MaxExtractedChars);
                    break;
                case FileKind.Pptx:
                    ArchiveText.Pptx(zip, text);
                    break;
                default:
                    ArchiveText.Odt(zip, text);
                    break;
            }
        }
        catch (ExtractionLimitException ex)
        {
            return ExtractionResult.Fail(ex.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ExtractionResult.Fail($"reading it took longer than {settings.ExtractionTimeoutSeconds} seconds");
        }

        return ExtractionResult.Ok(text.ToString());
    }

    private static async Task<ExtractionResult> PlainAsync(Stream content, CancellationToken ct)
    {
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true));
        return ExtractionResult.Ok(await reader.ReadToEndAsync(ct));
    }
}
