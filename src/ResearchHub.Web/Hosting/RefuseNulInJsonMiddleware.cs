using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ResearchHub.Web.Hosting;

/// <summary>
/// The API's twin of <see cref="Core.Web.RefuseNulCharactersFilter"/>: a JSON body that writes
/// (any method but GET and HEAD) with a string holding U+0000 (<c>"\u0000"</c>) is refused with a
/// 400 problem naming the property, before any endpoint binds it. PostgreSQL cannot store the
/// character in text (the save failed with a 500) and SQLite would keep a value no one can see.
/// The body is read with <see cref="Utf8JsonReader"/>, so an escaped backslash followed by
/// <c>u0000</c> is text like any other; a body that is not valid JSON is left to the endpoint's
/// own binding, which refuses it as before.
/// </summary>
public sealed class RefuseNulInJsonMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || !request.HasJsonContentType())
        {
            await next(context);
            return;
        }

        request.EnableBuffering();
        byte[] body;
        using (var copy = new MemoryStream())
        {
            try
            {
                await request.Body.CopyToAsync(copy, context.RequestAborted);
            }
            catch (BadHttpRequestException)
            {
                // Over the body limit: whatever reads the body next answers it, as before.
                request.Body.Position = 0;
                await next(context);
                return;
            }

            body = copy.ToArray();
        }

        request.Body.Position = 0;
        // JSON can only carry a NUL as the escape \u0000 (a raw control byte is not JSON), so a body
        // without those six bytes, nearly every request, is not parsed a second time here.
        var property = body.AsSpan().IndexOf("\\u0000"u8) < 0 ? null : FindNul(body);
        if (property is null)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request holds a NUL character",
            detail: $"The value at “{property}” contains a NUL character (U+0000), which cannot be stored. Nothing was saved: remove it and try again.")
            .ExecuteAsync(context);
    }

    /// <summary>The JSON path of the first string (value or property name) holding U+0000, or null.</summary>
    internal static string? FindNul(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var frames = new List<Frame>(); // one per open object or array, with the property or position being read
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        NextItem(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        frames[^1].Name = reader.GetString();
                        if (frames[^1].Name!.Contains('\0', StringComparison.Ordinal))
                        {
                            return Render(frames) + " (a property name)";
                        }

                        break;
                    default:
                        NextItem(frames);
                        if (reader.TokenType == JsonTokenType.String && reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                        {
                            return Render(frames);
                        }

                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null; // not JSON (or not UTF-8): the endpoint's binding refuses it
        }

        return null;
    }

    private static void NextItem(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string Render(List<Frame> frames)
    {
        var text = string.Concat(frames.Select(f => f.IsArray ? $"[{f.Index}]" : f.Name is null ? "" : "." + f.Name)).TrimStart('.');
        return text.Length == 0 ? "(the body)" : text;
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public string? Name { get; set; }

        public int Index { get; set; } = -1;
    }
}
