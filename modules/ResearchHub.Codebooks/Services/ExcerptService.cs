using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Services;

public sealed record ExcerptInput(string ExternalId, string Text, IReadOnlyList<string> Codes, ExcerptVisibility Visibility, DateOnly? CodedOn);

public sealed record CountRow(string Label, int Count);

/// <summary>One chart of counts: the SVG and its table are drawn from the same rows.</summary>
public sealed record BarChart(string Id, string Title, string LabelHeader, IReadOnlyList<CountRow> Rows);

/// <summary>A scheme's code frequencies as the viewer may see them: per code, per organisation and per month.</summary>
public sealed record CodeCounts(IReadOnlyList<(TreeRow Row, int Count)> PerCode, IReadOnlyList<CountRow> PerOrganisation, IReadOnlyList<CountRow> PerMonth, int Excerpts)
{
    public int Count(Guid code) => PerCode.FirstOrDefault(c => c.Row.Code.Guid == code).Count;
}

/// <summary>
/// Coded excerpts, entered one by one or from CSV, and the counts drawn from them. Counts read
/// only the excerpts the viewer may see, in the query, so an organisation's restricted stories
/// never show up in another organisation's numbers.
/// </summary>
public sealed class ExcerptService(HubDbContext db, IMemberDirectory directory, CodebookService codebooks, TimeProvider clock)
{
    public const int MaxCsvBytes = 2_000_000;

    public async Task<Outcome> AddAsync(long codebookId, ExcerptInput input, LibraryViewer viewer, CancellationToken ct)
    {
        var result = await SaveAsync(codebookId, [(0, input)], viewer, ct);
        return result.Error is null ? Outcome.Ok : new(result.Error);
    }

    /// <summary>
    /// Columns: excerpt id, text, codes (GUIDs or paths such as "Connection / Belonging", separated
    /// by ";"), and optionally the date coded (yyyy-mm-dd). A header row is skipped. All rows are
    /// checked first: one bad row refuses the file, naming its line, and nothing is stored.
    /// </summary>
    public async Task<(int Saved, string? Error)> ImportCsvAsync(long codebookId, Stream file, ExcerptVisibility visibility, LibraryViewer viewer, CancellationToken ct)
    {
        using var limited = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            if (limited.Length + read > MaxCsvBytes)
            {
                return (0, $"The file is larger than {MaxCsvBytes / 1_000_000} MB.");
            }

            limited.Write(buffer, 0, read);
        }

        var text = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(limited.ToArray()).TrimStart('\uFEFF');
        var (rows, error) = Csv.Read(text);
        if (error is not null)
        {
            return (0, error);
        }

        var inputs = new List<(int, ExcerptInput)>();
        foreach (var (line, fields) in rows)
        {
            if (inputs.Count == 0 && line == rows[0].Line && fields[0].Trim().Replace(" ", "", StringComparison.Ordinal).Equals("excerptid", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (fields.Count < 3)
            {
                return (0, $"Line {line}: expected excerpt id, text and codes (and optionally the date coded); found {fields.Count} column(s).");
            }

            DateOnly? codedOn = null;
            if (fields.Count > 3 && !string.IsNullOrWhiteSpace(fields[3]))
            {
                if (!DateOnly.TryParseExact(fields[3].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return (0, $"Line {line}: the date coded \"{fields[3]}\" is not a date (yyyy-mm-dd).");
                }

                codedOn = date;
            }

            var codes = fields[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            inputs.Add((line, new ExcerptInput(fields[0].Trim(), fields[1].Trim(), codes, visibility, codedOn)));
        }

        return await SaveAsync(codebookId, inputs, viewer, ct);
    }

    private async Task<(int Saved, string? Error)> SaveAsync(long codebookId, IReadOnlyList<(int Line, ExcerptInput Input)> inputs, LibraryViewer viewer, CancellationToken ct)
    {
        var codebook = await db.Set<Codebook>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(c => c.Id == codebookId, ct);
        if (codebook is null || !(viewer.IsAdmin || viewer.CanContribute) || viewer.OrganisationId is not { } organisation)
        {
            return (0, "Coded excerpts are added by editors of a partner organisation, to codebooks they can see.");
        }

        var snapshot = (await codebooks.SnapshotAsync(codebookId, null, ct))!;
        var tree = snapshot.Tree();
        var byPath = tree.GroupBy(r => NormalisePath(r.Path)).ToDictionary(g => g.Key, g => g.First().Code.Guid, StringComparer.OrdinalIgnoreCase);
        var guids = tree.Select(r => r.Code.Guid).ToHashSet();
        var resolved = new List<(ExcerptInput Input, List<Guid> Codes)>();
        foreach (var (line, input) in inputs)
        {
            var where = line > 0 ? $"Line {line}: " : "";
            if (string.IsNullOrWhiteSpace(input.ExternalId) || input.ExternalId.Length > 100)
            {
                return (0, where + "each excerpt needs an id (up to 100 characters).");
            }

            if (string.IsNullOrWhiteSpace(input.Text))
            {
                return (0, where + $"excerpt \"{input.ExternalId}\" has no text.");
            }

            var codes = new List<Guid>();
            foreach (var code in input.Codes)
            {
                Guid guid;
                if (QdcFormat.TryParseGuid(code, out var parsed) && guids.Contains(parsed))
                {
                    guid = parsed;
                }
                else if (!byPath.TryGetValue(NormalisePath(code), out guid))
                {
                    return (0, where + $"excerpt \"{input.ExternalId}\" names the code \"{code}\", which is not a GUID or path of this codebook.");
                }

                if (!codes.Contains(guid))
                {
                    codes.Add(guid);
                }
            }

            if (codes.Count == 0)
            {
                return (0, where + $"excerpt \"{input.ExternalId}\" has no codes.");
            }

            resolved.Add((input, codes));
        }

        var now = clock.GetUtcNow();
        var ids = resolved.Select(r => r.Input.ExternalId).ToList();
        var existing = await db.Set<CodedExcerpt>().Include(e => e.Codes)
            .Where(e => e.CodebookId == codebookId && e.OrganisationId == organisation && ids.Contains(e.ExternalId)).ToListAsync(ct);
        foreach (var (input, codes) in resolved)
        {
            var excerpt = existing.FirstOrDefault(e => e.ExternalId == input.ExternalId);
            if (excerpt is null)
            {
                excerpt = new CodedExcerpt { CodebookId = codebookId, OrganisationId = organisation, ExternalId = input.ExternalId, Text = "", CreatedAt = now, CreatedById = viewer.UserId };
                db.Add(excerpt);
                existing.Add(excerpt);
            }

            excerpt.Text = input.Text;
            excerpt.Visibility = input.Visibility;
            excerpt.CodedOn = input.CodedOn ?? DateOnly.FromDateTime(now.UtcDateTime);
            excerpt.Codes.RemoveAll(c => !codes.Contains(c.CodeGuid));
            excerpt.Codes.AddRange(codes.Where(g => !excerpt.Codes.Any(c => c.CodeGuid == g)).Select(g => new ExcerptCode { CodeGuid = g }));
        }

        await db.SaveChangesAsync(ct);
        return (resolved.Count, null);
    }

    private static string NormalisePath(string path) =>
        string.Join("/", path.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    public Task<List<CodedExcerpt>> VisibleExcerptsAsync(long codebookId, LibraryViewer viewer, CancellationToken ct) =>
        db.Set<CodedExcerpt>().AsNoTracking().Include(e => e.Codes)
            .Where(e => e.CodebookId == codebookId).Where(CodebookAccess.ExcerptsVisibleTo(viewer))
            .OrderByDescending(e => e.CodedOn).ThenBy(e => e.ExternalId).ToListAsync(ct);

    /// <summary>Each code's number of coded excerpts (one excerpt counts once per code), of those the viewer may see.</summary>
    public async Task<CodeCounts> CountsAsync(long codebookId, CodebookSnapshot snapshot, LibraryViewer viewer, CancellationToken ct)
    {
        // A join rather than SelectMany over the navigation: SQLite cannot run the APPLY that would need.
        var visible = db.Set<CodedExcerpt>().Where(e => e.CodebookId == codebookId).Where(CodebookAccess.ExcerptsVisibleTo(viewer));
        var codings = await db.Set<ExcerptCode>().AsNoTracking()
            .Join(visible, c => c.ExcerptId, e => e.Id, (c, e) => new { e.Id, e.OrganisationId, e.CodedOn, c.CodeGuid })
            .ToListAsync(ct);
        var names = await directory.OrganisationNamesAsync(codings.Select(c => c.OrganisationId), ct);
        // A code counts the excerpts coded with it or with any code below it, each excerpt once.
        var own = codings.GroupBy(c => c.CodeGuid).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToHashSet());
        var children = snapshot.Codes.ToLookup(c => c.Parent);
        var under = new Dictionary<Guid, HashSet<long>>();
        HashSet<long> Collect(Guid code, int depth)
        {
            if (under.TryGetValue(code, out var known))
            {
                return known;
            }

            var set = own.TryGetValue(code, out var mine) ? new HashSet<long>(mine) : [];
            if (depth < 100)
            {
                foreach (var child in children[code])
                {
                    set.UnionWith(Collect(child.Guid, depth + 1));
                }
            }

            under[code] = set;
            return set;
        }

        // Per organisation and per month: excerpts, not codings (an excerpt with two codes is one excerpt).
        var excerpts = codings.DistinctBy(c => c.Id).ToList();
        return new CodeCounts(
            snapshot.Tree().Select(r => (r, Collect(r.Code.Guid, 0).Count)).ToList(),
            excerpts.GroupBy(c => c.OrganisationId).Select(g => new CountRow(names.GetValueOrDefault(g.Key, "(unknown)"), g.Count()))
                .OrderBy(r => r.Label, StringComparer.CurrentCulture).ToList(),
            excerpts.GroupBy(c => c.CodedOn.ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key)
                .Select(g => new CountRow(g.Key, g.Count())).ToList(),
            excerpts.Count);
    }
}
