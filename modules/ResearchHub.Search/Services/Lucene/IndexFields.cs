using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using ResearchHub.Search.Query;

namespace ResearchHub.Search.Services.Lucene;

/// <summary>
/// The Lucene document of a search document: its database id, the text (one "all" field with every
/// text field as a separate value, and the title again on its own, for its weight), the visibility
/// columns as exact terms, and each facet twice: an exact lower-case term to filter on and a doc value
/// with the value as shown, counted by <see cref="FacetCollector"/>. Text is not stored: the database
/// holds it, and the page's snippets are made from it; the text's term vector is (see <see cref="AllType"/>).
/// </summary>
public static class IndexFields
{
    public const string Id = "id";
    public const string All = "all";
    public const string Title = "title";

    /// <summary>The title's words as typed (not stemmed), only to find them: "did you mean" suggests from these.</summary>
    public const string Words = "words";
    public const string Visibility = "vis";
    public const string Owner = "owner";
    public const string Creator = "creator";
    public const string Audience = "audience";
    public const string Year = "year";
    public const string Date = "date";

    /// <summary>The term of documents without an audience.</summary>
    public const string NoAudience = "\u0001";

    /// <summary>The exact (lower-case) term a facet filter matches.</summary>
    public static string FacetKey(string facet) => "fk_" + facet;

    /// <summary>The doc values holding a facet's values as shown.</summary>
    public static string FacetValues(string facet) => "fv_" + facet;

    /// <summary>
    /// The text keeps a term vector (terms and counts per document, no positions): pseudo-relevance
    /// feedback reads the best results' terms from it instead of fetching and analysing their text.
    /// </summary>
    private static readonly FieldType AllType = new(TextField.TYPE_NOT_STORED) { StoreTermVectors = true };

    /// <summary>What the documents hold, in the index's commit: an index of another format is built again from the database.</summary>
    public const string Format = "2";

    private static readonly FieldType WordsType = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true };

    public static string IdTerm(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static Document Build(DocumentRow row)
    {
        var document = new Document
        {
            new StringField(Id, IdTerm(row.Id), Field.Store.NO),
            new NumericDocValuesField(Id, row.Id),
            new TextField(Title, row.Title, Field.Store.NO),
            new Field(Words, row.Title, WordsType),
            new Field(All, row.Title, AllType),
            new Field(All, row.Summary, AllType),
            new Field(All, row.Extra, AllType),
            new Field(All, row.Body, AllType),
            new Field(All, row.FileText, AllType),
            new StringField(Visibility, ((int)row.Visibility).ToString(CultureInfo.InvariantCulture), Field.Store.NO),
            new StringField(Audience, row.Audience ?? NoAudience, Field.Store.NO),
            new NumericDocValuesField(Date, row.Date ?? long.MinValue),
        };
        if (row.OwnerOrganisationId is { } owner)
        {
            document.Add(new StringField(Owner, owner.ToString(CultureInfo.InvariantCulture), Field.Store.NO));
        }

        if (row.CreatorUserId is { Length: > 0 } creator)
        {
            document.Add(new StringField(Creator, creator, Field.Store.NO));
        }

        if (row.Year is { } year)
        {
            document.Add(new Int32Field(Year, year, Field.Store.NO));
        }

        var seen = new HashSet<(string, string)>();
        foreach (var (facet, value, key) in row.Facets)
        {
            if (seen.Add((facet, key)))
            {
                document.Add(new StringField(FacetKey(facet), key, Field.Store.NO));
                document.Add(new SortedSetDocValuesField(FacetValues(facet), new BytesRef(value)));
            }
        }

        return document;
    }

    /// <summary>The facets counted from doc values.</summary>
    public static IReadOnlyList<string> Facets { get; } = SearchFacets.All.Select(f => f.Key).ToList();
}
