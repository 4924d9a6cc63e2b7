namespace ResearchHub.Core.Members;

/// <summary>
/// The EF entity names of Accounts' member and organisation tables, for the foreign keys other
/// modules declare into them (<c>builder.HasOne(MemberEntities.Organisation, navigationName: null).WithMany()...</c>): the
/// schema keeps its constraints while no module but Accounts names Accounts' types. A test checks
/// the names against the types.
/// </summary>
public static class MemberEntities
{
    public const string Member = "ResearchHub.Accounts.Domain.HubUser";
    public const string Organisation = "ResearchHub.Accounts.Domain.Organisation";
}
