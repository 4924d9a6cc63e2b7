using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchHub.Codebooks.Domain;
using ResearchHub.Core.Data;
using ResearchHub.Core.Members;
using ResearchHub.Core.Search;

namespace ResearchHub.Codebooks.Services;

/// <summary>
/// What codebooks contribute to search: the scheme's name and description, and every code with its
/// definition, when to use it, when not to, and its example, under the library's visibility rule
/// (the same levels as the codebook pages). Written by CodebookService in the transaction of each
/// change; listed in full when the index is rebuilt.
/// </summary>
public sealed class CodebookSearchSource(HubDbContext db, IMemberDirectory directory, ISearchIndexer indexer) : IdSearchSource(indexer)
{
    public const string TypeName = "codebook";

    public override string Type => TypeName;

    protected override int BatchSize => 100;

    protected override Task<List<long>> IdsAfterAsync(long after, int count, CancellationToken ct) =>
        db.Set<Codebook>().Where(c => c.Id > after).OrderBy(c => c.Id).Select(c => c.Id).Take(count).ToListAsync(ct);

    protected override async Task<List<SearchDocument>> BuildAsync(List<long> ids, CancellationToken ct)
    {
        var codebooks = await db.Set<Codebook>().AsNoTracking().Where(c => ids.Contains(c.Id)).Include(c => c.Codes).AsSplitQuery().ToListAsync(ct);
        var owners = codebooks.Where(c => c.OwnerOrganisationId is not null).Select(c => c.OwnerOrganisationId!.Value).Distinct().ToList();
        var names = await directory.OrganisationNamesAsync(owners, ct);
        return codebooks.OrderBy(c => c.Id).Select(c => new SearchDocument
        {
            Type = TypeName,
            Key = c.Id.ToString(CultureInfo.InvariantCulture),
            Title = c.Name,
            Summary = c.Description,
            Body = Codes(c),
            Extra = string.Join(" · ", new[] { c.OwnerOrganisationId is { } o ? names.GetValueOrDefault(o) : null, c.Licence }.Where(s => !string.IsNullOrWhiteSpace(s))),
            Url = CodebooksUrls.Show(c.Id),
            Kind = "Codebook",
            Organisations = c.OwnerOrganisationId is { } owner && names.TryGetValue(owner, out var name) ? [name] : [],
            Year = c.UpdatedAt.Year,
            Date = c.UpdatedAt,
            Visibility = (SearchVisibility)(int)c.Visibility,
            OwnerOrganisationId = c.OwnerOrganisationId,
            CreatorUserId = c.CreatedById,
        }).ToList();
    }

    private static string Codes(Codebook codebook)
    {
        var text = new StringBuilder();
        foreach (var code in codebook.Codes.OrderBy(c => c.ParentId).ThenBy(c => c.Position))
        {
            text.Append(code.Name).Append(". ");
            foreach (var part in new[] { code.Definition, code.WhenToUse, code.WhenNotToUse, code.Example }.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                text.Append(part.Trim()).Append(' ');
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
