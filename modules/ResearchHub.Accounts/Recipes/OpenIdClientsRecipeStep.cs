using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using ResearchHub.Accounts.Domain;
using ResearchHub.Accounts.Services;
using ResearchHub.Core.Recipes;

namespace ResearchHub.Accounts.Recipes;

/// <summary>
/// { "name": "openid-clients", "clients": [ { "clientId", "displayName", "type": "confidential" | "public",
/// "secret", "redirectUris": [...], "scopes": [...], "grants": ["authorization_code", "client_credentials"],
/// "organisation" } ] }: registers applications with the hub's OpenID Connect provider, matched by
/// client id (one already registered is left as it is). A confidential client needs its "secret" in
/// the recipe; "organisation" (by name) is the service account's organisation for client credentials.
/// </summary>
public sealed class OpenIdClientsRecipeStep(OpenIdClientService clients, IOpenIddictApplicationManager applications) : IRecipeStepHandler
{
    public string Name => "openid-clients";

    public async Task ExecuteAsync(RecipeContext context, JsonElement step, CancellationToken ct)
    {
        foreach (var (item, where) in step.Items("clients", "step \"openid-clients\""))
        {
            var clientId = item.RequiredString("clientId", where).Trim();
            if (await applications.FindByClientIdAsync(clientId, ct) is not null)
            {
                continue;
            }

            var type = item.OptionalString("type", where) ?? "confidential";
            if (type is not ("confidential" or "public"))
            {
                throw new RecipeException($"{where}: type \"{type}\" is not confidential or public.");
            }

            var grants = Strings(item, "grants", where) is { Count: > 0 } listed ? listed : ["authorization_code"];
            var unknownGrant = grants.FirstOrDefault(g => g is not ("authorization_code" or "client_credentials"));
            if (unknownGrant is not null)
            {
                throw new RecipeException($"{where}: grant \"{unknownGrant}\" is not authorization_code or client_credentials.");
            }

            long? organisationId = null;
            if (item.OptionalString("organisation", where) is { } organisationName)
            {
                organisationId = await context.Db.Set<Organisation>().Where(o => o.Name == organisationName).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct)
                    ?? throw new RecipeException($"{where}: there is no organisation called \"{organisationName}\".");
            }

            var secret = item.OptionalString("secret", where);
            if (type == "confidential" && string.IsNullOrEmpty(secret))
            {
                throw new RecipeException($"{where}: a confidential client needs its \"secret\".");
            }

            var input = new OpenIdClientInput(clientId, item.OptionalString("displayName", where) ?? clientId, type == "confidential",
                Strings(item, "redirectUris", where), Strings(item, "scopes", where),
                grants.Contains("authorization_code"), grants.Contains("client_credentials"), organisationId, secret);
            var (_, errors) = await clients.CreateAsync(input, ct);
            if (errors.Count > 0)
            {
                throw new RecipeException($"{where}: {string.Join(" ", errors.Values)}");
            }
        }
    }

    private static List<string> Strings(JsonElement item, string property, string where)
    {
        if (!item.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new RecipeException($"{where}: \"{property}\" must be a list of strings.");
        }

        return [.. array.EnumerateArray().Select(e => e.GetString()!)];
    }
}
