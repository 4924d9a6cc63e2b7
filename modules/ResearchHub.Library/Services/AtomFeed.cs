using System.Globalization;
using System.Text;
using System.Xml;
using ResearchHub.Library.Domain;

namespace ResearchHub.Library.Services;

public sealed record FeedEntry(Resource Resource, string Url, string? OwnerName);

/// <summary>An Atom 1.0 feed (RFC 4287) of published resources, written with XmlWriter so it is always well-formed.</summary>
public static class AtomFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static string Write(string title, string selfUrl, string alternateUrl, string feedId, IReadOnlyList<FeedEntry> entries, DateTimeOffset now)
    {
        var output = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, CheckCharacters = true };
        using (var writer = XmlWriter.Create(new Utf8StringWriter(output), settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("feed", AtomNs);
            writer.WriteElementString("title", AtomNs, title);
            writer.WriteElementString("id", AtomNs, feedId);
            writer.WriteElementString("updated", AtomNs, Format(entries.Count > 0 ? entries.Max(e => Updated(e.Resource)) : now));
            Link(writer, "self", selfUrl, "application/atom+xml");
            Link(writer, "alternate", alternateUrl, "text/html");
            writer.WriteStartElement("generator", AtomNs);
            writer.WriteString("ResearchHub");
            writer.WriteEndElement();

            foreach (var entry in entries)
            {
                var r = entry.Resource;
                writer.WriteStartElement("entry", AtomNs);
                writer.WriteElementString("title", AtomNs, Clean(r.Title));
                writer.WriteElementString("id", AtomNs, entry.Url);
                writer.WriteElementString("published", AtomNs, Format(r.PublishedAt ?? r.CreatedAt));
                writer.WriteElementString("updated", AtomNs, Format(Updated(r)));
                Link(writer, "alternate", entry.Url, "text/html");
                var authors = r.Authors.OrderBy(a => a.Position).Select(a => a.Name).ToList();
                if (authors.Count == 0 && entry.OwnerName is not null)
                {
                    authors.Add(entry.OwnerName);
                }

                // Atom requires an author on each entry unless the feed has one.
                foreach (var name in authors.DefaultIfEmpty("LAC research network"))
                {
                    writer.WriteStartElement("author", AtomNs);
                    writer.WriteElementString("name", AtomNs, Clean(name));
                    writer.WriteEndElement();
                }

                var kind = ResourceKinds.Get(r.Kind);
                writer.WriteStartElement("category", AtomNs);
                writer.WriteAttributeString("term", kind.Slug);
                writer.WriteAttributeString("label", kind.Name);
                writer.WriteEndElement();
                if (!string.IsNullOrWhiteSpace(r.Summary))
                {
                    writer.WriteStartElement("summary", AtomNs);
                    writer.WriteAttributeString("type", "text");
                    writer.WriteString(Clean(r.Summary));
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return output.ToString();
    }

    private static DateTimeOffset Updated(Resource r) => r.UpdatedAt > (r.PublishedAt ?? r.CreatedAt) ? r.UpdatedAt : r.PublishedAt ?? r.CreatedAt;

    private static void Link(XmlWriter writer, string rel, string href, string type)
    {
        writer.WriteStartElement("link", AtomNs);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Characters XML 1.0 cannot carry (most control characters, lone surrogates) are dropped rather
    /// than failing the feed; characters beyond the Basic Multilingual Plane (an emoji) are kept whole.
    /// </summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i++, 2);
            }
        }

        return clean.ToString();
    }

    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
