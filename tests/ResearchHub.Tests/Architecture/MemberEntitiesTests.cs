using ResearchHub.Accounts.Domain;
using ResearchHub.Core.Members;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Architecture;

/// <summary>
/// Other modules declare their foreign keys into Accounts' members and organisations by entity name
/// (<see cref="MemberEntities"/>), so they need not name Accounts' types: the names must be those
/// types', and the keys must land on them in the model, as they did when declared by type.
/// </summary>
public sealed class MemberEntitiesTests
{
    [Fact]
    public void The_entity_names_are_those_of_the_accounts_types()
    {
        Assert.Equal(MemberEntities.Member, typeof(HubUser).FullName);
        Assert.Equal(MemberEntities.Organisation, typeof(Organisation).FullName);
    }

    [Fact]
    public async Task Foreign_keys_declared_by_name_point_at_the_accounts_entities()
    {
        await using var hub = new HubFactory("Sqlite");
        await hub.StartAsync();
        var keys = await hub.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(k => k.PrincipalEntityType.ClrType == typeof(HubUser) || k.PrincipalEntityType.ClrType == typeof(Organisation))
            .Select(k => $"{k.DeclaringEntityType.ClrType.Name}.{string.Join(",", k.Properties.Select(p => p.Name))} -> {k.PrincipalEntityType.ClrType.Name} ({k.DeleteBehavior})")
            .ToHashSet()));

        // Declared by name in Library, Codebooks and MailingGroups; each still reaches the typed entity.
        Assert.Contains("Resource.OwnerOrganisationId -> Organisation (Restrict)", keys);
        Assert.Contains("ResourceOrganisation.OrganisationId -> Organisation (Cascade)", keys);
        Assert.Contains("Codebook.OwnerOrganisationId -> Organisation (Restrict)", keys);
        Assert.Contains("CodedExcerpt.OrganisationId -> Organisation (Restrict)", keys);
        Assert.Contains("GroupMembership.UserId -> HubUser (Cascade)", keys);
        Assert.Contains("GroupPost.AuthorId -> HubUser (Restrict)", keys);
        Assert.Contains("MemberDigestSettings.UserId -> HubUser (Cascade)", keys);
        Assert.Contains("DigestRecord.UserId -> HubUser (Cascade)", keys);
        var types = await hub.WithDbAsync(db => Task.FromResult((
            db.Model.FindEntityType(MemberEntities.Member)?.ClrType, db.Model.FindEntityType(MemberEntities.Organisation)?.ClrType)));
        Assert.Equal((typeof(HubUser), typeof(Organisation)), types);
    }
}
