using Microsoft.Extensions.Options;
using ResearchHub.Core.Files;
using ResearchHub.Library;
using ResearchHub.Library.Jobs;

namespace ResearchHub.Tests.Library;

/// <summary>The text of zip-based documents, and each limit their reading stops at (no data touched).</summary>
public sealed class ArchiveExtractionTests
{
    private const long MB = 1024 * 1024;

    [Fact]
    public async Task Text_comes_from_every_sheet_of_a_workbook_and_every_slide_of_a_presentation_in_their_order()
    {
        var xlsx = Bombs.Archive(zip =>
        {
            Bombs.Small(zip, "[Content_Types].xml", "<Types/>");
            Bombs.Small(zip, "_rels/.rels", Bombs.Rels(("rId1", "officeDocument", "/xl/workbook.xml")));
            Bombs.Small(zip, "xl/workbook.xml", $"""<workbook xmlns="{Bombs.S}" xmlns:r="{Bombs.R}"><sheets><sheet name="B" sheetId="2" r:id="rId9"/><sheet name="A" sheetId="1" r:id="rId3"/></sheets></workbook>""");
            Bombs.Small(zip, "xl/_rels/workbook.xml.rels", Bombs.Rels(("rId3", "worksheet", "worksheets/sheet1.xml"), ("rId9", "worksheet", "worksheets/../worksheets/sheet2.xml"), ("rId4", "sharedStrings", "sharedStrings.xml")));
            Bombs.Small(zip, "xl/sharedStrings.xml", $"""<sst xmlns="{Bombs.S}"><si><t>Site</t></si><si><r><t>Isle of </t></r><r><t>Wight</t></r><rPh><t>reading</t></rPh></si></sst>""");
            Bombs.Small(zip, "xl/worksheets/sheet1.xml", $"""<worksheet xmlns="{Bombs.S}"><sheetData><row><c t="s"><v>0</v></c><c><f>1+1</f><v>2</v></c></row><row><c t="s"><v>1</v></c><c t="inlineStr"><is><t>inline</t></is></c></row></sheetData></worksheet>""");
            Bombs.Small(zip, "xl/worksheets/sheet2.xml", $"""<worksheet xmlns="{Bombs.S}"><sheetData><row><c t="str"><v>first sheet listed</v></c></row></sheetData></worksheet>""");
        });
        var sheetText = await ExtractAsync(xlsx, FileTypes.Xlsx);
        Assert.Null(sheetText.Error);
        Assert.Equal("first sheet listed\nSite\t2\nIsle of Wight\tinline", sheetText.Text);

        var pptx = Bombs.Archive(zip =>
        {
            Bombs.Small(zip, "_rels/.rels", Bombs.Rels(("rId1", "officeDocument", "ppt/presentation.xml")));
            Bombs.Small(zip, "ppt/presentation.xml", $"""<p:presentation xmlns:p="{Bombs.P}" xmlns:r="{Bombs.R}"><p:sldIdLst><p:sldId id="256" r:id="rId7"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>""");
            Bombs.Small(zip, "ppt/_rels/presentation.xml.rels", Bombs.Rels(("rId2", "slide", "slides/slide2.xml"), ("rId7", "slide", "slides/slide1.xml")));
            Bombs.Small(zip, "ppt/slides/slide1.xml", $"""<p:sld xmlns:p="{Bombs.P}" xmlns:a="{Bombs.A}"><a:p><a:r><a:t>Local Area </a:t></a:r><a:r><a:t>Coordination</a:t></a:r></a:p></p:sld>""");
            Bombs.Small(zip, "ppt/slides/slide2.xml", $"""<p:sld xmlns:p="{Bombs.P}" xmlns:a="{Bombs.A}"><a:p><a:r><a:t>Second slide</a:t></a:r></a:p></p:sld>""");
        });
        var slideText = await ExtractAsync(pptx, FileTypes.Pptx);
        Assert.Null(slideText.Error);
        Assert.Equal("Local Area Coordination\nSecond slide", slideText.Text);
    }

    [Fact]
    public async Task A_part_past_its_cap_stops_reading_even_when_the_ratio_looks_harmless()
    {
        var options = new LibraryOptions { MaxInflatedPartBytes = 4 * MB, MaxCompressionRatio = int.MaxValue };
        var result = await ExtractAsync(Bombs.Docx(20 * MB, "<w:p/>"), FileTypes.Docx, options);
        Assert.Null(result.Text);
        Assert.Equal("its part word/document.xml inflates to more than 4.2 MB, the limit for one part", result.Error);
    }

    [Fact]
    public async Task Parts_past_the_total_cap_together_stop_reading()
    {
        var options = new LibraryOptions { MaxInflatedPartBytes = 4 * MB, MaxInflatedTotalBytes = 6 * MB, MaxCompressionRatio = int.MaxValue };
        var result = await ExtractAsync(Bombs.Xlsx(3 * MB, sheets: 3, row: "<row/>"), FileTypes.Xlsx, options);
        Assert.Equal("its parts inflate to more than 6.3 MB in all, the limit for one file", result.Error);
    }

    [Fact]
    public async Task A_part_that_inflates_like_a_bomb_is_stopped_by_its_ratio_after_its_first_megabyte()
    {
        var result = await ExtractAsync(Bombs.Odt(20 * MB), FileTypes.Odt, new LibraryOptions());
        Assert.Equal("its part content.xml inflates to more than 100 times its compressed size, as a decompression bomb does", result.Error);

        // A small part compresses as well as it likes.
        var small = await ExtractAsync(Bombs.Odt(200_000), FileTypes.Odt, new LibraryOptions());
        Assert.Null(small.Error);
        Assert.StartsWith("All work and no play makes a dull report.\nAll work", small.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_of_too_many_entries_is_not_opened()
    {
        var options = new LibraryOptions { MaxArchiveEntries = 50 };
        Assert.Null((await ExtractAsync(Bombs.ManyEntries(50), FileTypes.Docx, options)).Error);
        var result = await ExtractAsync(Bombs.ManyEntries(51), FileTypes.Docx, options);
        Assert.Equal("it holds more than 50 parts, the limit for one file", result.Error);
    }

    [Fact]
    public async Task Reading_stops_at_the_extraction_timeout_as_for_a_pdf()
    {
        // Storage that answers slowly: the archive's directory alone takes longer than the timeout to read.
        var options = new LibraryOptions { ExtractionTimeoutSeconds = 1 };
        using var slow = new SlowStream(Bombs.Docx(1000), TimeSpan.FromMilliseconds(250));
        var result = await new TextExtractor(Options.Create(options)).ExtractAsync(slow, FileTypes.Docx.ContentType, CancellationToken.None);
        Assert.Equal("reading it took longer than 1 seconds", result.Error);
    }

    private static async Task<ExtractionResult> ExtractAsync(byte[] bytes, DetectedFileType type, LibraryOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        return await new TextExtractor(Options.Create(options ?? new LibraryOptions())).ExtractAsync(stream, type.ContentType, CancellationToken.None);
    }

    /// <summary>A seekable stream over bytes whose every read waits first, as a slow disk or network volume would.</summary>
    private sealed class SlowStream(byte[] bytes, TimeSpan delay) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            Thread.Sleep(delay);
            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Thread.Sleep(delay);
            return base.Read(buffer);
        }
    }
}
