using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Codebooks.Services;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Library.Services;

namespace ResearchHub.Codebooks.Pages;

/// <summary>What every codebook page needs first: who is looking, and the codebook if they may see it.</summary>
public sealed class CodebookPages(HubDbContext db, IMemberDirectory directory, LibraryViewerFactory viewers)
{
    public Task<LibraryViewer> ViewerAsync(ClaimsPrincipal user, CancellationToken ct) => viewers.ForAsync(user, ct);

    public Task<Codebook?> VisibleAsync(long id, LibraryViewer viewer, CancellationToken ct) =>
        db.Set<Codebook>().AsNoTracking().VisibleTo(viewer).FirstOrDefaultAsync(c => c.Id == id, ct);

    public Task<IReadOnlyDictionary<long, string>> OrganisationNamesAsync(CancellationToken ct) =>
        directory.OrganisationNamesAsync(ct);

    public Task<List<Codebook>> ListAsync(LibraryViewer viewer, CancellationToken ct) =>
        db.Set<Codebook>().AsNoTracking().VisibleTo(viewer).OrderBy(c => c.Name).ToListAsync(ct);
}
