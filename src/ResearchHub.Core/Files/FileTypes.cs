using System.IO.Compression;
using System.Text;

namespace ResearchHub.Core.Files;

/// <summary>What an upload really is, judged by its bytes.</summary>
public sealed record DetectedFileType(FileKind Kind, string ContentType, string Extension, string DisplayName);

/// <summary>The outcome of checking an upload: its type, or why it was refused in words a member understands.</summary>
public sealed record FileCheck(DetectedFileType? Type, string? Problem)
{
    public static FileCheck Ok(DetectedFileType type) => new(type, null);

    public static FileCheck Refused(string problem) => new(null, problem);
}

/// <summary>
/// Decides an upload's type from its content (magic bytes, the structure of zip containers, UTF-8
/// validity), never from the name or the browser's Content-Type, which the uploader controls. The
/// name only chooses between the text flavours (CSV, Markdown, plain text), which share their bytes.
/// </summary>
public static class FileTypes
{
    /// <summary>Far more entries than any Word, Excel, PowerPoint or OpenDocument file has; the extractor's own cap is lower.</summary>
    private const int MaxZipEntries = 100_000;

    public static readonly DetectedFileType Pdf = new(FileKind.Pdf, "application/pdf", ".pdf", "PDF");
    public static readonly DetectedFileType Docx = new(FileKind.Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word document");
    public static readonly DetectedFileType Xlsx = new(FileKind.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel spreadsheet");
    public static readonly DetectedFileType Pptx = new(FileKind.Pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint presentation");
    public static readonly DetectedFileType Odt = new(FileKind.Odt, "application/vnd.oasis.opendocument.text", ".odt", "OpenDocument text");
    public static readonly DetectedFileType Png = new(FileKind.Png, "image/png", ".png", "PNG image");
    public static readonly DetectedFileType Jpeg = new(FileKind.Jpeg, "image/jpeg", ".jpg", "JPEG image");
    public static readonly DetectedFileType Csv = new(FileKind.Csv, "text/csv", ".csv", "CSV");
    public static readonly DetectedFileType Text = new(FileKind.Text, "text/plain", ".txt", "Text");
    public static readonly DetectedFileType Markdown = new(FileKind.Markdown, "text/markdown", ".md", "Markdown");

    public static readonly IReadOnlyList<DetectedFileType> All = [Pdf, Docx, Xlsx, Pptx, Odt, Png, Jpeg, Csv, Text, Markdown];

    public const string AllowedDescription = "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument text (ODT), CSV, plain text, Markdown, PNG or JPEG";

    public static DetectedFileType? ByContentType(string contentType) => All.FirstOrDefault(t => t.ContentType == contentType);

    /// <summary>Checks a seekable stream from its start.</summary>
    public static FileCheck Detect(Stream content, string fileName)
    {
        Span<byte> head = stackalloc byte[8];
        content.Position = 0;
        var n = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        content.Position = 0;

        if (n == 0)
        {
            return FileCheck.Refused("The file is empty.");
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return FileCheck.Ok(Pdf);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return FileCheck.Ok(Png);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return FileCheck.Ok(Jpeg);
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return DetectZip(content);
        }

        return DetectText(content, fileName);
    }

    private static FileCheck DetectZip(Stream content)
    {
        const string notAllowed = "The file is a zip archive but not a Word, Excel, PowerPoint or OpenDocument text file.";
        try
        {
            // Counted before ZipArchive builds an object per entry (a hostile directory can list millions).
            if (ZipDirectory.CountEntries(content, MaxZipEntries) > MaxZipEntries)
            {
                return FileCheck.Refused($"The file is a zip archive of more than {MaxZipEntries:N0} entries, which no document the library accepts has.");
            }

            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var mimetype = zip.GetEntry("mimetype");
            if (mimetype is not null)
            {
                var value = ReadSmallEntry(mimetype);
                return value == Odt.ContentType ? FileCheck.Ok(Odt) : FileCheck.Refused(notAllowed);
            }

            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null)
            {
                return FileCheck.Refused(notAllowed);
            }

            var xml = ReadSmallEntry(types);
            // The main part's content type names the kind of Office document.
            if (xml.Contains("wordprocessingml.document.main+xml", StringComparison.Ordinal))
            {
                return FileCheck.Ok(Docx);
            }

            if (xml.Contains("spreadsheetml.sheet.main+xml", StringComparison.Ordinal))
            {
                return FileCheck.Ok(Xlsx);
            }

            if (xml.Contains("presentationml.presentation.main+xml", StringComparison.Ordinal))
            {
                return FileCheck.Ok(Pptx);
            }

            return FileCheck.Refused(notAllowed);
        }
        catch (InvalidDataException)
        {
            return FileCheck.Refused("The file looks like a zip archive (as Word, Excel and PowerPoint files are) but it is damaged.");
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>The entry's text, or "" when it is larger than 1 MB (read no further: its declared size may lie).</summary>
    private static string ReadSmallEntry(ZipArchiveEntry entry)
    {
        const int max = 1_000_000;
        if (entry.Length > max)
        {
            return "";
        }

        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        var buffer = new char[max];
        var read = reader.ReadBlock(buffer, 0, max);
        return read == max && reader.Peek() >= 0 ? "" : new string(buffer, 0, read).Trim();
    }

    private static FileCheck DetectText(Stream content, string fileName)
    {
        var refused = FileCheck.Refused($"The file's content is not one of the types the library accepts ({AllowedDescription}). Its name does not matter: the content is checked.");
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[81920];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        try
        {
            int read;
            while ((read = content.Read(bytes, 0, bytes.Length)) > 0)
            {
                if (bytes.AsSpan(0, read).Contains((byte)0))
                {
                    return refused;
                }

                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars([], 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            return refused;
        }
        finally
        {
            content.Position = 0;
        }

        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => FileCheck.Ok(Csv),
            ".md" or ".markdown" => FileCheck.Ok(Markdown),
            _ => FileCheck.Ok(Text),
        };
    }
}
