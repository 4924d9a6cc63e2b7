using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchHub.Core.Members;
using ResearchHub.Core.Recipes;
using ResearchHub.Meetings.Domain;
using ResearchHub.Meetings.Services;

namespace ResearchHub.Meetings.Recipes;

/// <summary>
/// { "name": "meeting-series", "series": [ { "slug", "title", "description", "cadenceMonths", "organiser" } ] }:
/// creates or updates series, matched by slug. "organiser" is a member's email (optional).
/// </summary>
public sealed class MeetingSeriesRecipeStep(TimeProvider clock) : IRecipeStepHandler
{
    public string Name => "meeting-series";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        var set = context.Db.Set<MeetingSeries>();
        foreach (var (item, where) in step.Items("series", "step \"meeting-series\""))
        {
            var slug = SeriesService.NormaliseSlug(item.RequiredString("slug", where));
            var cadence = item.OptionalInt("cadenceMonths", where) ?? MeetingSeries.DefaultCadenceMonths;
            if (slug.Length == 0 || cadence is < 1 or > 60)
            {
                throw new RecipeException($"{where}: \"slug\" needs a letter or digit and \"cadenceMonths\" is between 1 and 60.");
            }

            var series = set.Local.FirstOrDefault(s => s.Slug == slug) ?? await set.FirstOrDefaultAsync(s => s.Slug == slug, ct);
            if (series is null)
            {
                series = new MeetingSeries { Slug = slug, Title = "", CreatedAt = clock.GetUtcNow() };
                set.Add(series);
            }

            series.Title = item.RequiredString("title", where).Trim();
            series.DescriptionMarkdown = item.OptionalString("description", where)?.Trim() ?? "";
            series.CadenceMonths = cadence;
            series.OrganiserUserId = await RecipeMembers.FindAsync(context, item.OptionalString("organiser", where), where, ct);
        }
    }
}

internal static class RecipeMembers
{
    /// <summary>The id of the member with that email, or null when none is given; a missing member is an error.</summary>
    public static async Task<string?> FindAsync(RecipeContext context, string? email, string where, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        return (await context.Services.GetRequiredService<IMemberDirectory>().FindByEmailAsync(email, ct))?.Id
            ?? throw new RecipeException($"{where}: no member has the email \"{email}\" (add them in a \"members\" step first).");
    }
}
