namespace ResearchHub.Library;

/// <summary>"Hub:Library" configuration.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Hub:Library";

    /// <summary>The largest file a member may upload (default 50 MB).</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>pdftotext (poppler-utils); a bare name is looked up on PATH.</summary>
    public string PdfToTextPath { get; set; } = "pdftotext";

    public int ExtractionTimeoutSeconds { get; set; } = 60;

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
