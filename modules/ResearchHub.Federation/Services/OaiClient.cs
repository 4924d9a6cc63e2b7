using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace ResearchHub.Federation.Services;

/// <summary>
/// Fetches one OAI-PMH response from a source and parses it defensively. A source is someone
/// else's server: the body is read through a byte limit (never trusting Content-Length), DTDs
/// are refused outright (no entity expansion, no billion laughs), nothing external is resolved
/// (no XXE), and transient failures are retried with backoff, honouring Retry-After on 503.
/// </summary>
public sealed class OaiClient(HttpClient http, IOptions<FederationOptions> options, TimeProvider clock)
{
    public static readonly XNamespace Oai = OaiProvider.OaiNs;

    private HarvesterOptions Limits => options.Value.Harvester;

    public async Task<XElement> GetAsync(Uri url, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < Limits.MaxAttempts)
                {
                    delay = RetryAfter(response) ?? Backoff(attempt);
                    if (delay.TotalSeconds > Limits.MaxRetryAfterSeconds)
                    {
                        throw new HarvestException($"The source asked to wait {delay.TotalSeconds:0} seconds (Retry-After), longer than the {Limits.MaxRetryAfterSeconds:0} allowed.");
                    }
                }
                else if ((int)response.StatusCode >= 500 && attempt < Limits.MaxAttempts)
                {
                    delay = Backoff(attempt);
                }
                else if (!response.IsSuccessStatusCode)
                {
                    throw new HarvestException($"The source answered HTTP {(int)response.StatusCode} for {url}.");
                }
                else
                {
                    return await ReadAsync(response, ct);
                }
            }
            catch (HttpRequestException) when (attempt < Limits.MaxAttempts)
            {
                // A transient network failure: tried again after the backoff.
                delay = Backoff(attempt);
            }
            catch (HttpRequestException ex)
            {
                throw new HarvestException($"The source could not be reached after {attempt} attempts: {ex.Message}", ex);
            }

            await Task.Delay(delay, clock, ct);
        }
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Limits.RetryBaseSeconds * Math.Pow(2, attempt - 1));

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow > TimeSpan.Zero ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
            _ => null,
        };

    private async Task<XElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var max = Limits.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new HarvestException($"The response is {response.Content.Headers.ContentLength} bytes, more than the {max} allowed; nothing was read.");
        }

        // Read at most max + 1 bytes whatever the headers claim; one byte over the limit is enough to refuse.
        using var buffer = new MemoryStream();
        await using (var body = await response.Content.ReadAsStreamAsync(ct))
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max + 1 - buffer.Length)), ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max)
                {
                    throw new HarvestException($"The response is larger than the {max} bytes allowed; the rest was not read.");
                }
            }
        }

        buffer.Position = 0;
        return Parse(buffer, max);
    }

    /// <summary>Parses an OAI-PMH document with DTDs prohibited and no resolver; public for the tests of hostile input.</summary>
    public static XElement Parse(Stream stream, long maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreProcessingInstructions = true,
            IgnoreComments = true,
        };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            var root = XDocument.Load(reader).Root;
            if (root is null || root.Name != Oai + "OAI-PMH")
            {
                throw new HarvestException("The response is XML but not an OAI-PMH response.");
            }

            return root;
        }
        catch (XmlException ex)
        {
            throw new HarvestException($"The response is not well-formed XML or declares a DTD (refused): {ex.Message}", ex);
        }
    }

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
