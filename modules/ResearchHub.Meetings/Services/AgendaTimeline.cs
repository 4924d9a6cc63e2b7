using ResearchHub.Meetings.Domain;

namespace ResearchHub.Meetings.Services;

/// <summary>Items that run one after another in one column of a block (one session's strand, or one item).</summary>
public sealed record AgendaColumn(string? Session, IReadOnlyList<AgendaRow> Rows);

/// <summary>Items whose times overlap, directly or through each other: one column each when they run in parallel.</summary>
public sealed record AgendaBlock(DateTimeOffset StartUtc, DateTimeOffset EndUtc, IReadOnlyList<AgendaColumn> Columns)
{
    public bool Parallel => Columns.Count > 1;
}

/// <summary>
/// A stretch of the timeline: consecutive blocks of one session (labelled with it), or one block
/// that belongs to no session or to several running in parallel (<see cref="Session"/> null).
/// </summary>
public sealed record AgendaSpan(string? Session, DateTimeOffset StartUtc, DateTimeOffset EndUtc, IReadOnlyList<AgendaBlock> Blocks);

/// <summary>
/// The agenda as one timeline in time order. Sessions do not reorder it: a session is a labelled
/// span over its items where they follow each other, and items that overlap in time are set side by
/// side (one column per session, or per item when they share none).
/// </summary>
public static class AgendaTimeline
{
    public static IReadOnlyList<AgendaSpan> Build(IReadOnlyList<AgendaRow> rows)
    {
        var blocks = new List<AgendaBlock>();
        var ordered = rows.OrderBy(r => r.Item.StartUtc).ThenBy(r => r.Item.EndUtc).ThenBy(r => r.Item.Id).ToList();
        var current = new List<AgendaRow>();
        var currentEnd = DateTimeOffset.MinValue;
        foreach (var row in ordered)
        {
            if (current.Count > 0 && row.Item.StartUtc >= currentEnd)
            {
                blocks.Add(Block(current));
                current = [];
            }

            current.Add(row);
            currentEnd = current.Count == 1 || row.Item.EndUtc > currentEnd ? row.Item.EndUtc : currentEnd;
        }

        if (current.Count > 0)
        {
            blocks.Add(Block(current));
        }

        var spans = new List<AgendaSpan>();
        foreach (var block in blocks)
        {
            var session = SingleSession(block);
            if (session is not null && spans.Count > 0 && spans[^1].Session == session)
            {
                var last = spans[^1];
                spans[^1] = last with { EndUtc = Max(last.EndUtc, block.EndUtc), Blocks = [.. last.Blocks, block] };
            }
            else
            {
                spans.Add(new AgendaSpan(session, block.StartUtc, block.EndUtc, [block]));
            }
        }

        return spans;
    }

    /// <summary>The session every item of the block belongs to, or null (none, or several).</summary>
    private static string? SingleSession(AgendaBlock block)
    {
        var sessions = block.Columns.SelectMany(c => c.Rows).Select(r => r.Item.Session?.Title).Distinct().ToList();
        return sessions is [{ } only] ? only : null;
    }

    /// <summary>Columns: each item goes to the first column of its session whose last item has ended; else a new column.</summary>
    private static AgendaBlock Block(List<AgendaRow> rows)
    {
        var columns = new List<(string? Session, List<AgendaRow> Rows)>();
        foreach (var row in rows.OrderBy(r => r.Item.Session?.Order ?? int.MaxValue).ThenBy(r => r.Item.StartUtc).ThenBy(r => r.Item.Id))
        {
            var session = row.Item.Session?.Title;
            var column = columns.FindIndex(c => c.Session == session && c.Rows[^1].Item.EndUtc <= row.Item.StartUtc);
            if (column < 0)
            {
                columns.Add((session, [row]));
            }
            else
            {
                columns[column].Rows.Add(row);
            }
        }

        return new AgendaBlock(
            rows.Min(r => r.Item.StartUtc),
            rows.Max(r => r.Item.EndUtc),
            [.. columns.OrderBy(c => c.Rows[0].Item.StartUtc).Select(c => new AgendaColumn(c.Session, c.Rows))]);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
