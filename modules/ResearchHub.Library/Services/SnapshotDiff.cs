namespace ResearchHub.Library.Services;

/// <summary>A readable diff of two snapshots: only fields that changed, line by line (longest common subsequence).</summary>
public static class SnapshotDiff
{
    public static IReadOnlyList<FieldDiff> Compare(ResourceSnapshot older, ResourceSnapshot newer)
    {
        var result = new List<FieldDiff>();
        foreach (var ((field, a), (_, b)) in older.Fields().Zip(newer.Fields()))
        {
            if (a != b)
            {
                result.Add(new FieldDiff(field, Lines(a, b)));
            }
        }

        return result;
    }

    public static IReadOnlyList<DiffLine> Lines(string older, string newer)
    {
        var a = Split(older);
        var b = Split(newer);
        // LCS table; bodies are documents of at most a few thousand lines, so O(n·m) is fine.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                lines.Add(new DiffLine(DiffOp.Same, a[x]));
                x++;
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                lines.Add(new DiffLine(DiffOp.Removed, a[x++]));
            }
            else
            {
                lines.Add(new DiffLine(DiffOp.Added, b[y++]));
            }
        }

        lines.AddRange(a[x..].Select(l => new DiffLine(DiffOp.Removed, l)));
        lines.AddRange(b[y..].Select(l => new DiffLine(DiffOp.Added, l)));
        return lines;
    }

    private static string[] Split(string text) =>
        text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
