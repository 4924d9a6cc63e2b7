using System.Xml.Linq;
using System.Xml.Schema;
using ResearchHub.Codebooks.Services;
using ResearchHub.Tests.Infrastructure;
using static ResearchHub.Tests.Codebooks.QdcSamples;

namespace ResearchHub.Tests.Codebooks;

/// <summary>The REFI-QDA reader and writer on their own: what real tools write, each way of breaking the schema, and valid exports.</summary>
public sealed class QdcFormatTests
{
    private static readonly string SchemaPath = Path.Combine(TestEnvironment.RepoRoot, "..", "shared", "schemas", "refi-qda", "Codebook.xsd");

    /// <summary>Validates with the schema from ../shared (not the module's embedded copy), so a drifted copy cannot hide a bad export.</summary>
    internal static void AssertValid(byte[] qdc)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add("urn:QDA-XML:codebook:1.0", SchemaPath);
        var problems = new List<string>();
        using var stream = new MemoryStream(qdc);
        XDocument.Load(stream).Validate(schemas, (_, e) => problems.Add(e.Message));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task An_export_names_the_hub_as_origin_and_keeps_the_source_tool_in_a_note()
    {
        var imported = (await QdcFormat.ReadAsync(Stream(RealTool), CancellationToken.None)).Codebook!;
        var edited = imported with { Origin = "NVivo 14 -- (edited)" };

        var qdc = QdcFormat.Write(edited);

        AssertValid(qdc);
        var document = XDocument.Load(new MemoryStream(qdc));
        Assert.Equal("ResearchHub", (string?)document.Root!.Attribute("origin"));
        var note = Assert.Single(document.Root.Nodes().OfType<XComment>());
        Assert.Contains("NVivo 14", note.Value, StringComparison.Ordinal);
        // Read back, the file says where it was written.
        Assert.Equal("ResearchHub", (await QdcFormat.ReadAsync(new MemoryStream(qdc), CancellationToken.None)).Codebook!.Origin);
    }

    [Fact]
    public async Task A_file_as_real_tools_write_it_keeps_guids_nesting_colours_descriptions_and_sets()
    {
        var result = await QdcFormat.ReadAsync(Stream(RealTool), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Warnings);
        var book = result.Codebook!;
        Assert.Equal("QualCoder 3.5", book.Origin);
        Assert.Equal(["Connection", "Confidence", "Contrôle / choice"], book.Codes.Select(c => c.Name));
        var connection = book.Codes[0];
        Assert.Equal(Guid.Parse(Connection), connection.Guid);
        Assert.False(connection.IsCodable);
        Assert.Equal("#1D70B8", connection.Color);
        Assert.Equal("Relationships with people and places.", connection.Description);
        var belonging = Assert.Single(connection.Children);
        Assert.Equal(Guid.Parse(Belonging), belonging.Guid);
        Assert.Equal("Belonging – ‘feeling part of’ Ærø", belonging.Name);
        Assert.Equal("#FF00AA", belonging.Color);
        Assert.Null(book.Codes[2].Color);
        var set = Assert.Single(book.Sets);
        Assert.Equal(Guid.Parse(OutcomesSet), set.Guid);
        Assert.Equal("The outcome themes.", set.Description);
        Assert.Equal([Guid.Parse(Belonging), Guid.Parse(Confidence)], set.MemberCodes);
    }

    [Fact]
    public async Task Export_is_valid_against_the_schema_and_reads_back_to_the_same_codebook()
    {
        var first = (await QdcFormat.ReadAsync(Stream(RealTool), CancellationToken.None)).Codebook!;
        var bytes = QdcFormat.Write(first);
        AssertValid(bytes);

        var again = await QdcFormat.ReadAsync(new MemoryStream(bytes), CancellationToken.None);
        Assert.True(again.Succeeded, again.Error);
        Assert.Empty(again.Warnings);
        Assert.Equal(Flatten(first.Codes), Flatten(again.Codebook!.Codes));
        Assert.Equal(first.Sets.Select(s => (s.Guid, s.Name, s.Description, string.Join(",", s.MemberCodes))),
            again.Codebook.Sets.Select(s => (s.Guid, s.Name, s.Description, string.Join(",", s.MemberCodes))));
    }

    internal static List<string> Flatten(IReadOnlyList<QdcCode> codes, string parent = "") =>
        codes.SelectMany(c => new[] { $"{parent}>{c.Guid}|{c.Name}|{c.IsCodable}|{c.Color}|{c.Description}" }.Concat(Flatten(c.Children, c.Guid.ToString()))).ToList();

    [Fact]
    public async Task A_bad_guid_is_replaced_with_a_new_one_and_the_warning_names_both_and_the_line()
    {
        var result = await QdcFormat.ReadAsync(Stream(BadGuid), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var code = Assert.Single(result.Codebook!.Codes);
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("Line 4:", warning, StringComparison.Ordinal);
        Assert.Contains("\"not-a-guid\"", warning, StringComparison.Ordinal);
        Assert.Contains("Silos", warning, StringComparison.Ordinal);
        Assert.Contains(code.Guid.ToString(), warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_isCodable_is_taken_as_codable_with_a_warning()
    {
        var result = await QdcFormat.ReadAsync(Stream(MissingIsCodable), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(Assert.Single(result.Codebook!.Codes).IsCodable);
        Assert.StartsWith("Line 4: code \"Culture\" has no isCodable", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(MissingName), "Line 5: a Code has no name")]
    [InlineData(nameof(EmptyCodes), "Line 3: the Codes element is empty")]
    public async Task Files_that_cannot_be_repaired_are_refused_naming_the_line(string sample, string expected)
    {
        var xml = (string)typeof(QdcSamples).GetField(sample)!.GetValue(null)!;

        var result = await QdcFormat.ReadAsync(Stream(xml), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_file_is_refused_naming_the_line()
    {
        var result = await QdcFormat.ReadAsync(Stream(Truncated), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Matches("^Line [0-9]+: the file is not well-formed XML", result.Error);
    }

    [Fact]
    public async Task A_dtd_is_refused_so_entities_are_never_expanded_or_fetched()
    {
        var result = await QdcFormat.ReadAsync(Stream(WithDtd), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.DoesNotContain("root:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_namespace_is_refused_even_with_the_right_element_names()
    {
        var result = await QdcFormat.ReadAsync(Stream(BadGuid.Replace("urn:QDA-XML:codebook:1.0", "urn:example", StringComparison.Ordinal)), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("urn:QDA-XML:codebook:1.0", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_of_names_and_descriptions_that_need_escaping_is_still_valid()
    {
        var book = new QdcCodebook("x", [new QdcCode(Guid.NewGuid(), "<Silos> & \"demand\"", true, "#ABC", "a\u00A0b ]]> c", [])], []);

        var bytes = QdcFormat.Write(book);

        AssertValid(bytes);
        Assert.Throws<InvalidOperationException>(() => QdcFormat.Write(new QdcCodebook(null, [], [])));
    }

    [Fact]
    public void A_path_to_the_shared_schema_exists() => Assert.True(File.Exists(SchemaPath), SchemaPath);

}
