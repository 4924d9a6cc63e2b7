using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Data;

namespace ResearchHub.Accounts.Services;

/// <summary>
/// Records sensitive actions. <see cref="Add"/> stages the entry in the caller's unit of work, so it
/// commits with the action; <see cref="WriteAsync"/> saves at once (sign-in events, which have no other change).
/// </summary>
public sealed class AuditLog(HubDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public AuditEntry Add(string action, string? target = null, string? detail = null, string? actorId = null, string? actorEmail = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            Action = action,
            Target = Truncate(target, 256),
            Detail = Truncate(detail, 1000),
            ActorId = actorId ?? user?.FindFirstValue(ClaimTypes.NameIdentifier),
            ActorEmail = Truncate(actorEmail ?? user?.FindFirstValue(ClaimTypes.Email) ?? user?.Identity?.Name, 256),
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(context?.Request.Headers.UserAgent.ToString(), 256),
        };
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    public async Task WriteAsync(string action, string? target = null, string? detail = null, string? actorId = null, string? actorEmail = null, CancellationToken ct = default)
    {
        Add(action, target, detail, actorId, actorEmail);
        await db.SaveChangesAsync(ct);
    }

    private static string? Truncate(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..max];
}
