using System.Text;

namespace ResearchHub.Core.Files;

/// <summary>Makes an uploaded file's name safe to store and to send back in Content-Disposition.</summary>
public static class FileNames
{
    /// <summary>
    /// Keeps the last path segment (after / or \), drops control characters and characters that are
    /// unsafe in file names, removes ".." and leading dots, limits the length (keeping the
    /// extension), and ensures the extension matches the detected type.
    /// </summary>
    public static string Sanitise(string? name, DetectedFileType? type = null)
    {
        var raw = name ?? "";
        var lastSeparator = raw.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            raw = raw[(lastSeparator + 1)..];
        }

        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*' or '/' or '\\'
                || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            builder.Append(c);
        }

        var cleaned = builder.ToString();
        while (cleaned.Contains("..", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("..", ".", StringComparison.Ordinal);
        }

        cleaned = cleaned.Trim().TrimStart('.').Trim();
        var extension = Path.GetExtension(cleaned);
        var stem = cleaned[..^extension.Length];
        if (type is not null && !IsExtensionOf(extension, type))
        {
            stem = cleaned;
            extension = type.Extension;
        }

        if (stem.Length > 120)
        {
            stem = stem[..120].TrimEnd();
        }

        if (stem.Length == 0)
        {
            stem = "file";
        }

        return stem + extension.ToLowerInvariant();
    }

    private static bool IsExtensionOf(string extension, DetectedFileType type) =>
        extension.Equals(type.Extension, StringComparison.OrdinalIgnoreCase)
        || (type.Kind == FileKind.Jpeg && extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase))
        || (type.Kind == FileKind.Markdown && extension.Equals(".markdown", StringComparison.OrdinalIgnoreCase));
}
