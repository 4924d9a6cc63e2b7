using System.Globalization;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchHub.Core.Data;
using ResearchHub.Federation.Domain;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Federation.Services;

/// <summary>
/// Harvests one source: ListRecords from the last datestamp, following resumption tokens, storing
/// each record as an external library resource through the library's own service (so its rules
/// hold), deduplicated by OAI identifier and then DOI. Each page is stored as it arrives; a bad
/// page stops the run, keeps what earlier pages stored, and leaves the next "from" unchanged, so
/// the next run asks again.
/// </summary>
public sealed class HarvestService(
    HubDbContext db,
    ResourceService resources,
    OaiClient client,
    IOptions<FederationOptions> options,
    TimeProvider clock,
    ILogger<HarvestService> logger)
{
    private static readonly XNamespace Dc = OaiProvider.DcNs;
    private static readonly XNamespace OaiDc = OaiProvider.OaiDcNs;

    /// <summary>
    /// Harvested records are shared with the network, not republished to the world: the hub's own
    /// OAI-PMH feed then carries only what its members published, and two hubs harvesting each
    /// other never loop.
    /// </summary>
    public const ResourceVisibility HarvestedVisibility = ResourceVisibility.Network;

    private static readonly LibraryViewer Harvester = new(true, null, "OAI-PMH harvester", null, IsAdmin: true, CanContribute: true);

    public async Task<HarvestRun> RunAsync(long sourceId, CancellationToken ct)
    {
        var source = await db.Set<HarvestSource>().FirstAsync(s => s.Id == sourceId, ct);
        var run = new HarvestRun { SourceId = source.Id, StartedAt = clock.GetUtcNow() };
        db.Add(run);
        await db.SaveChangesAsync(ct);

        var newest = source.LastDatestamp;
        try
        {
            var seenTokens = new HashSet<string>(StringComparer.Ordinal);
            var url = FirstUrl(source);
            while (url is not null)
            {
                if (run.Pages >= options.Value.Harvester.MaxPages)
                {
                    throw new HarvestException($"The source was still sending resumption tokens after {run.Pages} pages; stopped.");
                }

                var root = await client.GetAsync(url, ct);
                run.Pages++;
                var error = root.Element(OaiClient.Oai + "error");
                if (error is not null)
                {
                    if ((string?)error.Attribute("code") == "noRecordsMatch")
                    {
                        break;
                    }

                    throw new HarvestException($"The source answered with the OAI-PMH error {(string?)error.Attribute("code")}: {error.Value}");
                }

                var list = root.Element(OaiClient.Oai + "ListRecords")
                    ?? throw new HarvestException("The response has neither ListRecords nor an error.");
                foreach (var record in list.Elements(OaiClient.Oai + "record"))
                {
                    var datestamp = await StoreAsync(source, record, run, ct);
                    if (datestamp is not null && (newest is null || string.CompareOrdinal(datestamp, newest) > 0))
                    {
                        newest = datestamp;
                    }
                }

                await db.SaveChangesAsync(ct);
                var token = list.Element(OaiClient.Oai + "resumptionToken")?.Value.Trim();
                if (string.IsNullOrEmpty(token))
                {
                    url = null;
                }
                else if (!seenTokens.Add(token))
                {
                    throw new HarvestException("The source sent a resumption token it had sent before (an endless loop); stopped.");
                }
                else
                {
                    url = new Uri($"{source.BaseUrl}?verb=ListRecords&resumptionToken={Uri.EscapeDataString(token)}");
                }
            }

            run.Succeeded = true;
            source.LastDatestamp = newest;
        }
        catch (Exception ex) when (ex is HarvestException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            run.Error = Truncate(ex.Message, 2000);
            logger.LogWarning(ex, "Harvest of source {SourceId} ({BaseUrl}) stopped: {Error}", source.Id, source.BaseUrl, ex.Message);
            // A refused page is parsed whole before any of its records is stored, so nothing of it is kept; earlier pages are.
            db.ChangeTracker.Clear();
            db.Attach(run);
            db.Attach(source);
        }

        run.FinishedAt = clock.GetUtcNow();
        source.LastRunAt = run.FinishedAt;
        source.NextRunAt = source.IntervalHours > 0 ? run.FinishedAt.Value.AddHours(source.IntervalHours) : null;
        db.Entry(run).State = EntityState.Modified;
        db.Entry(source).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Harvest of source {SourceId}: {Pages} pages, {Added} added, {Updated} updated, {Deleted} deleted, {Skipped} skipped",
            source.Id, run.Pages, run.Added, run.Updated, run.Deleted, run.Skipped);
        return run;
    }

    private static Uri FirstUrl(HarvestSource source)
    {
        var query = $"verb=ListRecords&metadataPrefix={Uri.EscapeDataString(source.MetadataPrefix)}";
        if (!string.IsNullOrEmpty(source.SetSpec))
        {
            query += $"&set={Uri.EscapeDataString(source.SetSpec)}";
        }

        if (!string.IsNullOrEmpty(source.LastDatestamp))
        {
            query += $"&from={Uri.EscapeDataString(source.LastDatestamp)}";
        }

        return new Uri($"{source.BaseUrl}?{query}");
    }

    /// <summary>Stores one record; returns its datestamp.</summary>
    private async Task<string?> StoreAsync(HarvestSource source, XElement record, HarvestRun run, CancellationToken ct)
    {
        var header = record.Element(OaiClient.Oai + "header");
        var identifier = header?.Element(OaiClient.Oai + "identifier")?.Value.Trim();
        var datestamp = header?.Element(OaiClient.Oai + "datestamp")?.Value.Trim();
        if (string.IsNullOrEmpty(identifier) || string.IsNullOrEmpty(datestamp) || identifier.Length > 1000 || datestamp.Length > 40)
        {
            run.Skipped++;
            return null;
        }

        var link = await db.Set<HarvestedRecord>().FirstOrDefaultAsync(r => r.SourceId == source.Id && r.OaiIdentifier == identifier, ct);
        if ((string?)header!.Attribute("status") == "deleted")
        {
            if (link is { Deleted: false })
            {
                link.Deleted = true;
                link.Datestamp = datestamp;
                if (link is { OwnsResource: true, ResourceId: { } id })
                {
                    await resources.DeleteAsync(id, Harvester, ct);
                }

                run.Deleted++;
            }

            return datestamp;
        }

        // A version no newer than the one stored (or than its deletion) is already accounted for.
        if (link is not null && string.CompareOrdinal(datestamp, link.Datestamp) <= 0)
        {
            run.Unchanged++;
            return datestamp;
        }

        var dc = record.Element(OaiClient.Oai + "metadata")?.Element(OaiDc + "dc");
        var input = dc is null ? null : ToInput(dc);
        if (input is null)
        {
            run.Skipped++;
            return datestamp;
        }

        if (link is { Deleted: false, ResourceId: { } existing })
        {
            if (!link.OwnsResource)
            {
                // Linked by DOI to a resource the library had already: that one stays as its editors left it.
                link.Datestamp = datestamp;
                run.Unchanged++;
                return datestamp;
            }

            var change = await resources.UpdateAsync(existing, input, Harvester, ct);
            if (change.Succeeded)
            {
                run.Updated++;
            }
            else
            {
                run.Skipped++;
            }

            link.Datestamp = datestamp;
            return datestamp;
        }

        // A record the library already has under its DOI (entered by hand, or from another source) is linked, not duplicated.
        var byDoi = input.Doi is null ? null
            : await db.Set<Resource>().Where(r => r.Doi == input.Doi).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        long? resourceId = byDoi;
        if (byDoi is null)
        {
            var created = await resources.CreateAsync(input, Harvester, ct);
            if (!created.Succeeded)
            {
                run.Skipped++;
                logger.LogInformation("Harvested record {Identifier} skipped: {Errors}", identifier, string.Join("; ", created.Errors.Values));
                return datestamp;
            }

            await resources.SetVisibilityAsync(created.Resource!.Id, HarvestedVisibility, Harvester, ct);
            resourceId = created.Resource.Id;
            run.Added++;
        }
        else
        {
            run.Unchanged++;
        }

        if (link is null)
        {
            db.Add(new HarvestedRecord { SourceId = source.Id, OaiIdentifier = identifier, Datestamp = datestamp, ResourceId = resourceId, OwnsResource = byDoi is null });
        }
        else
        {
            link.Deleted = false;
            link.Datestamp = datestamp;
            link.ResourceId = resourceId;
            link.OwnsResource = byDoi is null;
        }

        await db.SaveChangesAsync(ct);
        return datestamp;
    }

    /// <summary>oai_dc to a literature reference; null when it has no title (nothing to show).</summary>
    internal static ResourceInput? ToInput(XElement dc)
    {
        string[] Values(string name) => dc.Elements(Dc + name).Select(e => e.Value.Trim()).Where(v => v.Length > 0).ToArray();

        var title = Values("title").FirstOrDefault();
        if (title is null)
        {
            return null;
        }

        var identifiers = Values("identifier");
        var doi = identifiers.Select(i => Doi.TryNormalise(i, out var d) ? d : null).FirstOrDefault(d => d is not null);
        var url = identifiers.FirstOrDefault(i => i.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || i.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            is { Length: <= 2000 } u && !u.Contains("doi.org/", StringComparison.OrdinalIgnoreCase) ? u : null;
        var publisher = Values("publisher").FirstOrDefault();
        var creators = Values("creator").Take(ResourceService.MaxAuthors).ToList();
        if (creators.Count == 0 && publisher is not null)
        {
            // A report by an organisation: the publisher is its corporate author.
            creators.Add(publisher);
        }

        var language = Values("language").FirstOrDefault();
        return new ResourceInput
        {
            Kind = ResourceKind.LiteratureReference,
            Title = Truncate(title, 300),
            Summary = Truncate(string.Join("\n\n", Values("description")), 2000),
            Authors = creators.Select(c => new AuthorInput { Name = Truncate(c, 200) }).ToList(),
            PublicationDate = Values("date").Select(ParseDate).FirstOrDefault(d => d is not null),
            Licence = Values("rights").FirstOrDefault() is { } rights ? Truncate(rights, 200) : null,
            ExternalUrl = url,
            Doi = doi,
            Language = language is not null && IsLanguage(language) ? language : "en",
            Publisher = publisher is null ? null : Truncate(publisher, 300),
        };
    }

    private static DateOnly? ParseDate(string text)
    {
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM", "yyyy"];
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateOnly.FromDateTime(date)
            : null;
    }

    private static bool IsLanguage(string tag)
    {
        try
        {
            return tag.Length is >= 2 and <= 35 && !CultureInfo.GetCultureInfo(tag, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
