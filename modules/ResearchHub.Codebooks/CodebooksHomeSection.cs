using ResearchHub.Core.Modules;

namespace ResearchHub.Codebooks;

/// <summary>New codebook versions in the home page's "new" column; the partial applies the viewer's visibility.</summary>
public sealed class CodebooksHomeSection : IHomeSection
{
    public int Order => 50;

    public string PartialName => "/Pages/Codebooks/_CodebooksHomeNew.cshtml";

    public HomeArea Area => HomeArea.New;
}
