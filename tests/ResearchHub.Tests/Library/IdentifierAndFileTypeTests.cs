using System.IO.Compression;
using System.Text;
using ResearchHub.Core.Data;
using ResearchHub.Core.Files;
using ResearchHub.Library.Domain;
using ResearchHub.Library.Services;

namespace ResearchHub.Tests.Library;

/// <summary>ORCID and DOI checks, file types judged by content, safe names, the store's size limit, the diff.</summary>
public sealed class IdentifierAndFileTypeTests
{
    [Theory]
    [InlineData("0000-0002-1825-0097", "0000-0002-1825-0097")]
    [InlineData("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700")]
    [InlineData("000000021694233X", "0000-0002-1694-233X")]
    public void Valid_orcid_ids_are_normalised(string input, string expected)
    {
        Assert.True(Orcid.TryNormalise(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("0000-0002-1825-0098")] // wrong check digit
    [InlineData("0000-0002-1825-009")]
    [InlineData("orcid")]
    public void Orcid_ids_with_a_wrong_checksum_or_shape_are_refused(string input) =>
        Assert.False(Orcid.TryNormalise(input, out _));

    [Theory]
    [InlineData("10.1000/xyz123", "10.1000/xyz123")]
    [InlineData("https://doi.org/10.1371/journal.pone.0123456", "10.1371/journal.pone.0123456")]
    [InlineData("doi:10.5555/12345678", "10.5555/12345678")]
    public void Dois_are_recognised(string input, string expected)
    {
        Assert.True(Doi.TryNormalise(input, out var doi));
        Assert.Equal(expected, doi);
    }

    [Theory]
    [InlineData("11.1000/xyz")]
    [InlineData("10.12/abc")]
    [InlineData("10.1000")]
    public void Malformed_dois_are_refused(string input) => Assert.False(Doi.TryNormalise(input, out _));

    [Theory]
    [InlineData("../../etc/passwd", "passwd.txt")]
    [InlineData("..\\..\\windows\\win.ini", "win.ini.txt")]
    [InlineData("re\u0000port\u001b.txt", "report.txt")]
    [InlineData("...hidden.txt", "hidden.txt")]
    [InlineData("a..b.txt", "a.b.txt")]
    [InlineData("", "file.txt")]
    public void File_names_are_made_safe(string name, string expected) =>
        Assert.Equal(expected, FileNames.Sanitise(name, FileTypes.Text));

    [Fact]
    public void A_name_whose_extension_lies_gets_the_real_type_s_extension() =>
        Assert.Equal("report.exe.pdf", FileNames.Sanitise("report.exe", FileTypes.Pdf));

    [Fact]
    public void Types_are_judged_by_content_not_name()
    {
        Assert.Equal(FileKind.Pdf, Detect(GeneratedDocuments.Pdf("hello"), "x.txt").Type?.Kind);
        Assert.Equal(FileKind.Docx, Detect(GeneratedDocuments.Docx("Title", ["Body"]), "x.pdf").Type?.Kind);
        Assert.Equal(FileKind.Png, Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "x.jpg").Type?.Kind);
        Assert.Equal(FileKind.Jpeg, Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0], "x.png").Type?.Kind);
        Assert.Equal(FileKind.Odt, Detect(Odt("Hello ODT"), "x.zip").Type?.Kind);
        Assert.Equal(FileKind.Csv, Detect("a,b\n1,2\n"u8.ToArray(), "data.csv").Type?.Kind);
        Assert.Equal(FileKind.Markdown, Detect("# Title\n"u8.ToArray(), "notes.md").Type?.Kind);
        Assert.Equal(FileKind.Text, Detect("plain é text"u8.ToArray(), "notes").Type?.Kind);
    }

    [Fact]
    public void Content_that_is_no_allowed_type_is_refused_with_a_reason()
    {
        var exe = Detect([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], "report.pdf");
        Assert.Null(exe.Type);
        Assert.Contains("not one of the types the library accepts", exe.Problem, StringComparison.Ordinal);

        Assert.Null(Detect("text with a \0 NUL"u8.ToArray(), "a.txt").Type);
        Assert.Null(Detect([0xC3, 0x28, 0x41], "bad-utf8.txt").Type);
        Assert.Null(Detect([], "empty.txt").Type);

        using var zipStream = new MemoryStream();
        using (var zip = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("just a zip");
        }

        var plainZip = Detect(zipStream.ToArray(), "x.docx");
        Assert.Null(plainZip.Type);
        Assert.Contains("zip archive", plainZip.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_stops_an_oversized_upload_while_it_streams_and_keeps_nothing()
    {
        var root = Path.Combine(Path.GetTempPath(), "rh-store-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new LocalFileStore(new HubPaths(root));
            var source = new CountingStream(new MemoryStream(new byte[1_000_000]));
            await Assert.ThrowsAsync<FileTooLargeException>(() => store.StageAsync(source, 100_000, CancellationToken.None));

            // It read little more than the limit (one buffer), and left no file behind.
            Assert.True(source.BytesRead < 200_000, $"read {source.BytesRead} bytes");
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "files"), "*", SearchOption.AllDirectories));

            await using var staged = await store.StageAsync(new MemoryStream("hello"u8.ToArray()), 100, CancellationToken.None);
            var sha = await store.CommitAsync(staged, CancellationToken.None);
            Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", sha);
            Assert.True(File.Exists(Path.Combine(root, "files", "2c", "f2", sha)));
            await using var read = store.OpenRead(sha)!;
            Assert.Equal("hello", await new StreamReader(read).ReadToEndAsync());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_diff_marks_removed_and_added_lines()
    {
        var lines = SnapshotDiff.Lines("one\ntwo\nthree", "one\n2\nthree\nfour");
        Assert.Equal(
            [(DiffOp.Same, "one"), (DiffOp.Removed, "two"), (DiffOp.Added, "2"), (DiffOp.Same, "three"), (DiffOp.Added, "four")],
            lines.Select(l => (l.Op, l.Text)).ToArray());
    }

    internal static byte[] Odt(string text)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open()))
            {
                writer.Write("application/vnd.oasis.opendocument.text");
            }

            using var content = new StreamWriter(zip.CreateEntry("content.xml").Open());
            content.Write($"""
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
                  <office:body><office:text><text:h>Heading</text:h><text:p>{text}</text:p></office:text></office:body>
                </office:document-content>
                """);
        }

        return stream.ToArray();
    }

    private static FileCheck Detect(byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes);
        return FileTypes.Detect(stream, name);
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("Søren Łódź", "soren-lodz")]
    [InlineData("Straße und Æsir", "strasse-und-aesir")]
    [InlineData("Café crème: Ørsted’s œuvre", "cafe-creme-orsted-s-oeuvre")]
    public void Slugs_transliterate_letters_rather_than_drop_them(string title, string slug)
    {
        Assert.Equal(slug, Slugs.From(title));
        Assert.Equal(slug, ResearchHub.Pages.Domain.PageRules.SlugFromTitle(title));
    }
}
