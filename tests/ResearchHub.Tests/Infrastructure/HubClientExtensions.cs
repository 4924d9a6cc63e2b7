using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>Reading pages with AngleSharp and posting Razor Pages forms the way a browser does.</summary>
public static class HubClientExtensions
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>GETs a page and parses it; fails (with the status and the start of the body) unless it is 2xx.</summary>
    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url, CancellationToken ct = default)
    {
        var page = await client.GetPageAsync(url, ct);
        if (!page.Response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"GET {url} returned {(int)page.Response.StatusCode} {page.Response.StatusCode}" +
                (page.Response.Headers.Location is { } location ? $" to {location}" : "") +
                $": {Truncate(page.Html, 500)}");
        }

        return page.Document;
    }

    /// <summary>GETs a URL and parses the body as HTML, whatever the status.</summary>
    public static async Task<HubPage> GetPageAsync(this HttpClient client, string url, CancellationToken ct = default)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute), ct);
        return await response.ReadPageAsync(ct);
    }

    public static async Task<HubPage> ReadPageAsync(this HttpResponseMessage response, CancellationToken ct = default)
    {
        var html = await response.Content.ReadAsStringAsync(ct);
        var address = response.RequestMessage?.RequestUri?.ToString() ?? HubFactory.BaseUrl + "/";
        var context = BrowsingContext.New(Configuration.Default);
        var document = await context.OpenAsync(r => r.Content(html).Address(address), ct);
        return new HubPage(response, document, html);
    }

    /// <summary>
    /// GETs <paramref name="pageUrl"/>, finds its form (the first POST form in &lt;main&gt;, or <paramref name="formSelector"/>),
    /// and submits it as a browser would: the form's own inputs with their current values (hidden
    /// fields, the antiforgery token, checked boxes, selected options), overridden by <paramref name="fields"/>,
    /// to the form's action. The response is returned as is (redirects are not followed by
    /// <see cref="HubFactory.CreateBrowserClient"/>).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client,
        string pageUrl,
        IReadOnlyDictionary<string, string> fields,
        string? formSelector = null,
        bool includeAntiforgeryToken = true,
        CancellationToken ct = default)
    {
        var document = await client.GetDocumentAsync(pageUrl, ct);
        var form = (formSelector is null ? DefaultForm(document) : document.QuerySelector<IHtmlFormElement>(formSelector))
            ?? throw new InvalidOperationException($"{pageUrl} has no {formSelector ?? "POST form"}.");

        var values = FormValues(form);
        if (includeAntiforgeryToken && !values.ContainsKey(AntiforgeryField))
        {
            throw new InvalidOperationException($"The form on {pageUrl} carries no {AntiforgeryField}: every form needs antiforgery.");
        }

        if (!includeAntiforgeryToken)
        {
            values.Remove(AntiforgeryField);
        }

        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.Action;
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(action, UriKind.RelativeOrAbsolute), content, ct);
    }

    /// <summary>
    /// The page's own form: the first POST form inside &lt;main&gt; (signed-in pages also carry the
    /// header's sign-out form), else the first POST form anywhere.
    /// </summary>
    private static IHtmlFormElement? DefaultForm(IDocument document)
    {
        static bool IsPost(IHtmlFormElement f) => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase);
        return document.QuerySelectorAll<IHtmlFormElement>("main form").FirstOrDefault(IsPost)
            ?? document.QuerySelectorAll<IHtmlFormElement>("form").FirstOrDefault(IsPost);
    }

    /// <summary>The name/value pairs a browser would submit for the form as it stands (first value per name).</summary>
    public static Dictionary<string, string> FormValues(IHtmlFormElement form)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    var type = input.Type.ToLowerInvariant();
                    if (type is "submit" or "button" or "image" or "file" or "reset")
                    {
                        break;
                    }

                    if (type is "checkbox" or "radio" && !input.IsChecked)
                    {
                        break;
                    }

                    values.TryAdd(input.Name, type is "checkbox" or "radio" && string.IsNullOrEmpty(input.GetAttribute("value")) ? "on" : input.Value);
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (selected is not null)
                    {
                        values.TryAdd(select.Name, selected.Value);
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !area.IsDisabled:
                    values.TryAdd(area.Name, area.Value);
                    break;
            }
        }

        return values;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max] + "...";
}
