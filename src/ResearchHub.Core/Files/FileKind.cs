namespace ResearchHub.Core.Files;

public enum FileKind
{
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Png,
    Jpeg,
    Csv,
    Text,
    Markdown,
}
