namespace ResearchHub.Core.Members;

/// <summary>
/// Members and organisations for the modules that are not Accounts: names, e-mail addresses,
/// organisations, roles. Accounts implements it (scoped, on the request's <c>HubDbContext</c>, so
/// members and organisations a recipe added in the same unit of work are found too). Methods that
/// take a set of ids answer in one query, so a page of many authors is one lookup, not one per row.
/// </summary>
public interface IMemberDirectory
{
    Task<Member?> FindAsync(string userId, CancellationToken ct);

    /// <summary>The members with these ids, by id (unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<string, Member>> FindAsync(IEnumerable<string> userIds, CancellationToken ct);

    /// <summary>The member with this e-mail address, compared as Identity normalises it (case-insensitive).</summary>
    Task<Member?> FindByEmailAsync(string email, CancellationToken ct);

    /// <summary>The members with these e-mail addresses, by upper-case (normalised) address.</summary>
    Task<IReadOnlyDictionary<string, Member>> FindByEmailAsync(IEnumerable<string> emails, CancellationToken ct);

    /// <summary>Every member, by display name and then e-mail address.</summary>
    Task<IReadOnlyList<Member>> AllAsync(CancellationToken ct);

    /// <summary>The member, or null when unknown or locked out (by an administrator or after failed sign-ins).</summary>
    Task<Member?> FindActiveAsync(string userId, CancellationToken ct);

    /// <summary>The roles the member holds (none for someone who signed up and was given no role).</summary>
    Task<IReadOnlyList<string>> RolesAsync(string userId, CancellationToken ct);

    /// <summary>The roles of each of these members, by id, in one query (members without a role are left out).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RolesAsync(IEnumerable<string> userIds, CancellationToken ct);

    /// <summary>The ids of the members who hold this role.</summary>
    Task<IReadOnlyList<string>> IdsInRoleAsync(string role, CancellationToken ct);

    /// <summary>Every organisation, by name.</summary>
    Task<IReadOnlyList<OrganisationEntry>> OrganisationsAsync(CancellationToken ct);

    /// <summary>Every organisation's name, by id.</summary>
    Task<IReadOnlyDictionary<long, string>> OrganisationNamesAsync(CancellationToken ct);

    /// <summary>The names of these organisations, by id (unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<long, string>> OrganisationNamesAsync(IEnumerable<long> organisationIds, CancellationToken ct);

    /// <summary>The id of the organisation with exactly this name, or null.</summary>
    Task<long?> OrganisationIdByNameAsync(string name, CancellationToken ct);
}
