using System.Globalization;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// How far an index has followed the change log. On SQLite the last sequence number applied (one
/// writer at a time: numbers are handed out in commit order). On PostgreSQL the xmin of the snapshot
/// taken before the last read: every transaction below it had ended then, so its entries were read;
/// entries of later transactions (Xid at or above it) are read again until the mark passes them.
/// </summary>
public readonly record struct ChangeMark(long Seq, ulong Xmin)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seq}:{Xmin}");

    public static ChangeMark? Parse(string? text)
    {
        var parts = text?.Split(':');
        return parts is { Length: 2 }
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var xmin)
            ? new ChangeMark(seq, xmin) : null;
    }
}
