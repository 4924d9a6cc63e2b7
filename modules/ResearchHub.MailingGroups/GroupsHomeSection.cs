using ResearchHub.Core.Modules;

namespace ResearchHub.MailingGroups;

/// <summary>New group threads in the home page's "new" column (members who may read groups only).</summary>
public sealed class GroupsHomeSection : IHomeSection
{
    public int Order => 40;

    public string PartialName => "/Pages/Groups/_GroupsHomeNew.cshtml";

    public HomeArea Area => HomeArea.New;
}
