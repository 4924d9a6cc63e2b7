namespace ResearchHub.Core.Web;

/// <summary>
/// Endpoint metadata of an /api/v1 operation whose request body is a file the endpoint reads from
/// the stream itself (never bound or buffered whole): the OpenAPI document describes it as a raw
/// body of <paramref name="RawContentType"/> and, when <paramref name="MultipartField"/> is given, as
/// a multipart/form-data file part of that name.
/// </summary>
public sealed record FileUploadMetadata(string Description, string RawContentType = "application/octet-stream", string? MultipartField = null);
