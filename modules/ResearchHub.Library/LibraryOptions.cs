namespace ResearchHub.Library;

/// <summary>"Hub:Library" configuration.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Hub:Library";

    /// <summary>The largest file a member may upload (default 50 MB).</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>pdftotext (poppler-utils); a bare name is looked up on PATH.</summary>
    public string PdfToTextPath { get; set; } = "pdftotext";

    /// <summary>Reading one file's text (pdftotext, or the parts of a Word, Excel, PowerPoint or OpenDocument file) stops after this.</summary>
    public int ExtractionTimeoutSeconds { get; set; } = 60;

    /// <summary>The most one part of a zip-based document (DOCX, XLSX, PPTX, ODT) may inflate to (default 50 MB).</summary>
    public long MaxInflatedPartBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The most all the parts read from one zip-based document may inflate to together (default 200 MB).</summary>
    public long MaxInflatedTotalBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Zip-based documents with more entries than this are not read.</summary>
    public int MaxArchiveEntries { get; set; } = 10_000;

    /// <summary>
    /// A part that inflates to more than this many times its compressed size (once past its first
    /// megabyte) is taken for a decompression bomb and not read further.
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 100;

    public int ExtractionPollSeconds { get; set; } = 5;

    /// <summary>How long a worker holds a file's extraction before another may take it over.</summary>
    public int ExtractionLeaseSeconds { get; set; } = 300;

    /// <summary>Attempts before a file that keeps crashing its extraction is marked failed.</summary>
    public int ExtractionMaxAttempts { get; set; } = 3;

    /// <summary>Extracted text is cut at this many characters (search needs no more).</summary>
    public int MaxExtractedChars { get; set; } = 2_000_000;

    /// <summary>False in tests that drive extraction themselves.</summary>
    public bool RunExtractionWorker { get; set; } = true;
}
