using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Accounts.Recipes;

/// <summary>
/// { "name": "organisation-sign-in", "connections": [ { "organisation", "issuer", "clientId",
/// "clientSecret", "emailDomains": [...], "required": false, "key" } ] }: connects organisations (by
/// name) to their OpenID Connect providers. An organisation already connected is left as it is, so a
/// recipe run again changes nothing (and never overwrites a secret an administrator entered since).
/// </summary>
public sealed class OrganisationSignInRecipeStep(OrganisationConnectionService connections) : IRecipeStepHandler
{
    public string Name => "organisation-sign-in";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        foreach (var (item, where) in step.Items("connections", "step \"organisation-sign-in\""))
        {
            var organisationName = item.RequiredString("organisation", where);
            var organisationId = await context.Db.Set<Organisation>().Where(o => o.Name == organisationName).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct)
                ?? throw new RecipeException($"{where}: there is no organisation called \"{organisationName}\".");
            if (await context.Db.Set<OrganisationConnection>().AnyAsync(c => c.OrganisationId == organisationId, ct))
            {
                continue;
            }

            if (!item.TryGetProperty("emailDomains", out var domains) || domains.ValueKind != JsonValueKind.Array
                || domains.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
            {
                throw new RecipeException($"{where}: \"emailDomains\" must be a list of e-mail domains.");
            }

            var input = new OrganisationConnectionInput(
                organisationId,
                item.RequiredString("issuer", where),
                item.RequiredString("clientId", where),
                item.RequiredString("clientSecret", where),
                string.Join(' ', domains.EnumerateArray().Select(d => d.GetString())),
                item.OptionalBool("required", where) ?? false,
                item.OptionalString("key", where));
            var (_, errors) = await connections.SaveAsync(input, ct);
            if (errors.Count > 0)
            {
                throw new RecipeException($"{where}: {string.Join(" ", errors.Values)}");
            }
        }
    }
}
