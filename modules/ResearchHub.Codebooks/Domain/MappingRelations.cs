namespace ResearchHub.Codebooks.Domain;

public static class MappingRelations
{
    public static readonly IReadOnlyList<MappingRelation> All = [MappingRelation.SameAs, MappingRelation.BroaderThan, MappingRelation.NarrowerThan, MappingRelation.RelatedTo];

    public static string DisplayName(MappingRelation relation) => relation switch
    {
        MappingRelation.SameAs => "same as",
        MappingRelation.BroaderThan => "broader than",
        MappingRelation.NarrowerThan => "narrower than",
        MappingRelation.RelatedTo => "related to",
        _ => relation.ToString(),
    };

    /// <summary>"same-as", "broader", "narrower", "related": the CSV's, API's and recipes' spelling.</summary>
    public static string Code(MappingRelation relation) => relation switch
    {
        MappingRelation.SameAs => "same-as",
        MappingRelation.BroaderThan => "broader",
        MappingRelation.NarrowerThan => "narrower",
        _ => "related",
    };

    public static bool TryParse(string? value, out MappingRelation relation)
    {
        foreach (var r in All)
        {
            if (string.Equals(value, Code(r), StringComparison.OrdinalIgnoreCase) || string.Equals(value, r.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                relation = r;
                return true;
            }
        }

        relation = default;
        return false;
    }
}
