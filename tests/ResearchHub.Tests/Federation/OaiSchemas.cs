using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using ResearchHub.Tests.Infrastructure;

namespace ResearchHub.Tests.Federation;

/// <summary>
/// The OAI-PMH, oai_dc and simple Dublin Core schemas from ../shared/schemas/oai-pmh, with every
/// import resolved locally: the resolver maps the schemas' URLs to those files (and the W3C xml
/// namespace schema to a minimal local copy) and refuses anything else, so no test reaches the network.
/// </summary>
internal static class OaiSchemas
{
    public static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";
    public static readonly XNamespace OaiDc = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    public static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    private static readonly string Folder = Path.GetFullPath(Path.Combine(TestEnvironment.RepoRoot, "..", "shared", "schemas", "oai-pmh"));

    /// <summary>The xml: attributes simpledc uses (xml:lang), as the W3C schema declares them.</summary>
    private const string XmlNamespaceSchema = """
        <?xml version="1.0"?>
        <xs:schema targetNamespace="http://www.w3.org/XML/1998/namespace" xmlns:xs="http://www.w3.org/2001/XMLSchema" xml:lang="en">
          <xs:attribute name="lang" type="xs:language"/>
          <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName"><xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType></xs:attribute>
          <xs:attribute name="base" type="xs:anyURI"/>
          <xs:attribute name="id" type="xs:ID"/>
          <xs:attributeGroup name="specialAttrs"><xs:attribute ref="xml:base"/><xs:attribute ref="xml:lang"/><xs:attribute ref="xml:space"/><xs:attribute ref="xml:id"/></xs:attributeGroup>
        </xs:schema>
        """;

    private static readonly Lazy<XmlSchemaSet> All = new(() => Load("OAI-PMH.xsd", "oai_dc.xsd"));
    private static readonly Lazy<XmlSchemaSet> DcOnly = new(() => Load("oai_dc.xsd"));

    private sealed class LocalResolver : XmlResolver
    {
        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (absoluteUri.AbsoluteUri == "http://www.w3.org/2001/03/xml.xsd" || absoluteUri.AbsoluteUri == "http://www.w3.org/2001/xml.xsd")
            {
                return new MemoryStream(Encoding.UTF8.GetBytes(XmlNamespaceSchema.Trim()));
            }

            var name = Path.GetFileName(absoluteUri.AbsolutePath);
            var local = Path.Combine(Folder, name);
            if ((absoluteUri.IsFile || absoluteUri.Host is "www.openarchives.org" or "dublincore.org") && File.Exists(local))
            {
                return File.OpenRead(local);
            }

            throw new InvalidOperationException($"The schemas asked for {absoluteUri}, which is not resolved locally (and never over the network).");
        }
    }

    private static XmlSchemaSet Load(params string[] files)
    {
        var set = new XmlSchemaSet { XmlResolver = new LocalResolver() };
        foreach (var file in files)
        {
            using var reader = XmlReader.Create(Path.Combine(Folder, file), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }

    /// <summary>
    /// Validates a response against OAI-PMH.xsd (its metadata strictly against oai_dc.xsd) and,
    /// separately, each oai_dc record against oai_dc.xsd; fails the test with every problem found.
    /// </summary>
    public static XDocument AssertValid(string xml)
    {
        var document = XDocument.Parse(xml);
        var problems = new List<string>();
        document.Validate(All.Value, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));
        foreach (var dc in document.Descendants(OaiDc + "dc"))
        {
            new XDocument(new XElement(dc)).Validate(DcOnly.Value, (_, e) => problems.Add($"oai_dc {e.Severity}: {e.Message}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + xml[..Math.Min(xml.Length, 3000)]);
        return document;
    }
}
