using System.Globalization;
using Microsoft.AspNetCore.Mvc.Filters;
using ResearchHub.Core.Web;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Pages.Library;

namespace ResearchHub.Library.Services;

/// <summary>
/// Adds Highwire Press (citation_*, read by Google Scholar and Zotero) and Dublin Core (DC.*) meta
/// tags to a public resource's page, through <see cref="PageHead"/>: the library's own head metadata,
/// registered by the library (it was Federation's, which had to know the library's page model). A page
/// filter, so the page itself does not need to know about scholarly indexes.
/// </summary>
public sealed class DiscoveryMetaFilter(PageHead head, PublicUrls urls) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.HandlerInstance is ShowModel { Resource: { Visibility: ResourceVisibility.Public } resource } page
            && executed.Result is null or Microsoft.AspNetCore.Mvc.RazorPages.PageResult)
        {
            Describe(resource, page.OrganisationNames);
        }
    }

    private void Describe(Resource r, IReadOnlyDictionary<long, string> organisations)
    {
        var url = urls.Absolute(LibraryUrls.Show(r));
        var publisher = r.Publisher ?? (r.OwnerOrganisationId is { } owner ? organisations.GetValueOrDefault(owner) : null);
        head.Add(new HeadLink("schema.DC", "http://purl.org/dc/elements/1.1/"));

        head.AddMeta("citation_title", r.Title);
        foreach (var author in r.Authors.OrderBy(a => a.Position))
        {
            head.AddMeta("citation_author", author.Name);
            if (author.Orcid is not null)
            {
                head.AddMeta("citation_author_orcid", "https://orcid.org/" + author.Orcid);
            }
        }

        // Google Scholar requires an author and a date: without named authors the owning organisation
        // is the author, and without a publication date the day the record was first published.
        var owningOrganisation = r.OwnerOrganisationId is { } ownerId ? organisations.GetValueOrDefault(ownerId) : null;
        if (r.Authors.Count == 0 && owningOrganisation is not null)
        {
            head.AddMeta("citation_author", owningOrganisation);
        }

        if ((r.PublicationDate ?? r.PeriodEnd ?? (r.PublishedAt is { } published ? DateOnly.FromDateTime(published.UtcDateTime) : null)) is { } date)
        {
            head.AddMeta("citation_publication_date", date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
        }

        if (publisher is not null)
        {
            head.AddMeta("citation_publisher", publisher);
        }

        if (r.Doi is not null)
        {
            head.AddMeta("citation_doi", r.Doi);
        }

        head.AddMeta("citation_language", r.Language);
        head.AddMeta("citation_abstract_html_url", url);
        if (r.Files.FirstOrDefault(f => f.ContentType == "application/pdf") is { } pdf)
        {
            head.AddMeta("citation_pdf_url", urls.Absolute(LibraryUrls.Download(r.Id, pdf)));
        }

        head.AddMeta("DC.title", r.Title);
        foreach (var author in r.Authors.OrderBy(a => a.Position))
        {
            head.AddMeta("DC.creator", author.Name);
        }

        if (!string.IsNullOrWhiteSpace(r.Summary))
        {
            head.AddMeta("DC.description", r.Summary);
        }

        if ((r.PublicationDate ?? r.PeriodEnd) is { } dcDate)
        {
            head.AddMeta("DC.date", dcDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (publisher is not null)
        {
            head.AddMeta("DC.publisher", publisher);
        }

        head.AddMeta("DC.type", ResourceKinds.Get(r.Kind).Name);
        head.AddMeta("DC.identifier", url);
        if (r.Doi is not null)
        {
            head.AddMeta("DC.identifier", "https://doi.org/" + r.Doi);
        }

        head.AddMeta("DC.language", r.Language);
        if (r.Licence is not null)
        {
            head.AddMeta("DC.rights", r.Licence);
        }
    }
}
