using ResearchHub.Core.Modules;

namespace ResearchHub.Library;

/// <summary>The library in the home page's "new" column: the partial applies the viewer's visibility itself.</summary>
public sealed class LibraryHomeSection : IHomeSection
{
    public int Order => 20;

    public string PartialName => "/Pages/Library/_RecentResources.cshtml";

    public HomeArea Area => HomeArea.New;
}
