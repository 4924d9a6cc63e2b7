using Microsoft.EntityFrameworkCore;
using ResearchHub.Core.Data;
using ResearchHub.Pages.Domain;

namespace ResearchHub.Pages.Services;

/// <summary>The outcome of a create or update: the saved page, or the problems that stopped it.</summary>
public sealed record PageSaveResult(Page? Page, IReadOnlyList<PageError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static PageSaveResult Failed(params PageError[] errors) => new(null, errors);
}

/// <summary>Reads and changes pages for the site's pages and the admin screens.</summary>
public sealed class PageService(HubDbContext db, TimeProvider clock)
{
    private DbSet<Page> Pages => db.Set<Page>();

    /// <summary>The published page at this address, or null.</summary>
    public Task<Page?> GetPublishedAsync(string slug, CancellationToken ct)
    {
        var normalised = PageRules.NormaliseSlug(slug);
        return Pages.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == normalised && p.Published, ct);
    }

    /// <summary>The page at this address, published or not (for those who manage pages).</summary>
    public Task<Page?> GetBySlugAsync(string slug, CancellationToken ct)
    {
        var normalised = PageRules.NormaliseSlug(slug);
        return Pages.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == normalised, ct);
    }

    public Task<Page?> FindAsync(long id, CancellationToken ct) =>
        Pages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>Pages in menu order (pages outside the menu last), then by title.</summary>
    public async Task<IReadOnlyList<Page>> ListAsync(bool publishedOnly, CancellationToken ct)
    {
        var query = Pages.AsNoTracking();
        if (publishedOnly)
        {
            query = query.Where(p => p.Published);
        }

        return await query
            .OrderBy(p => p.NavOrder == null)
            .ThenBy(p => p.NavOrder)
            .ThenBy(p => p.Title)
            .ToListAsync(ct);
    }

    public async Task<PageSaveResult> CreateAsync(PageDraft draft, CancellationToken ct)
    {
        var errors = await ValidateAsync(draft, null, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var now = clock.GetUtcNow();
        var page = new Page { Slug = PageRules.NormaliseSlug(draft.Slug), Title = "", CreatedAt = now };
        Apply(page, draft, now);
        Pages.Add(page);
        return await SaveAsync(page, ct);
    }

    /// <summary>Null when there is no such page.</summary>
    public async Task<PageSaveResult?> UpdateAsync(long id, PageDraft draft, CancellationToken ct)
    {
        var page = await Pages.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (page is null)
        {
            return null;
        }

        var errors = await ValidateAsync(draft, id, ct);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        page.Slug = PageRules.NormaliseSlug(draft.Slug);
        Apply(page, draft, clock.GetUtcNow());
        return await SaveAsync(page, ct);
    }

    /// <summary>The deleted page, or null when there was none.</summary>
    public async Task<Page?> DeleteAsync(long id, CancellationToken ct)
    {
        var page = await Pages.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (page is null)
        {
            return null;
        }

        Pages.Remove(page);
        await db.SaveChangesAsync(ct);
        return page;
    }

    /// <summary>The field rules, then whether another page already has the address.</summary>
    public async Task<IReadOnlyList<PageError>> ValidateAsync(PageDraft draft, long? id, CancellationToken ct)
    {
        var errors = PageRules.Validate(draft);
        if (errors.Any(e => e.Field == nameof(PageDraft.Slug)))
        {
            return errors;
        }

        var slug = PageRules.NormaliseSlug(draft.Slug);
        return await Pages.AnyAsync(p => p.Slug == slug && p.Id != id, ct)
            ? [.. errors, SlugTaken(slug)]
            : errors;
    }

    private static void Apply(Page page, PageDraft draft, DateTimeOffset now)
    {
        page.Title = draft.Title!.Trim();
        page.BodyMarkdown = draft.BodyMarkdown ?? "";
        page.NavOrder = draft.NavOrder;
        page.Published = draft.Published;
        page.UpdatedAt = now;
    }

    private async Task<PageSaveResult> SaveAsync(Page page, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return new(page, []);
        }
        catch (DbUpdateException)
        {
            // Someone else may have taken the address between our check and our write, and the
            // unique index caught it: say so. Any other failure is not ours to explain.
            db.ChangeTracker.Clear();
            if (await Pages.AnyAsync(p => p.Slug == page.Slug && p.Id != page.Id, ct))
            {
                return PageSaveResult.Failed(SlugTaken(page.Slug));
            }

            throw;
        }
    }

    private static PageError SlugTaken(string slug) =>
        new(nameof(PageDraft.Slug), $"Another page already has the address /pages/{slug}: choose another");
}
