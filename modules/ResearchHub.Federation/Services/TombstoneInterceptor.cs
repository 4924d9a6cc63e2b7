using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ResearchHub.Federation.Domain;
using ResearchHub.Library.Domain;

namespace ResearchHub.Federation.Services;

/// <summary>
/// Keeps the OAI-PMH tombstones in step with the library without the library knowing about OAI:
/// whatever path changes a resource (form, API, recipe, harvester), a public resource that stops
/// being public or is deleted gets a tombstone in the same SaveChanges, and one that becomes public
/// again loses it. Bulk ExecuteUpdate/ExecuteDelete bypass this; the library does not use them for
/// visibility or deletion.
/// </summary>
public sealed class TombstoneInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await TrackAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            TrackAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    private async ValueTask TrackAsync(DbContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var entry in context.ChangeTracker.Entries<Resource>().ToList())
        {
            var wasPublic = entry.State is EntityState.Modified or EntityState.Deleted
                && entry.Property(r => r.Visibility).OriginalValue == ResourceVisibility.Public;
            var isPublic = entry.State is EntityState.Added or EntityState.Modified
                && entry.Entity.Visibility == ResourceVisibility.Public;
            if (wasPublic == isPublic || entry.State == EntityState.Added)
            {
                continue;
            }

            var existing = await context.Set<OaiTombstone>().FindAsync([entry.Entity.Id], ct);
            if (isPublic)
            {
                if (existing is not null)
                {
                    context.Remove(existing);
                }
            }
            else if (existing is null)
            {
                context.Add(new OaiTombstone
                {
                    ResourceId = entry.Entity.Id,
                    Kind = (int)entry.Entity.Kind,
                    OwnerOrganisationId = entry.Entity.OwnerOrganisationId,
                    DeletedAt = now,
                });
            }
            else
            {
                existing.DeletedAt = now;
            }
        }
    }
}
