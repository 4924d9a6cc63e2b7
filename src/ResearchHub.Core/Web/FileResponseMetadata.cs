namespace ResearchHub.Core.Web;

/// <summary>Endpoint metadata of an /api/v1 operation that answers a file of <paramref name="ContentType"/>, for the OpenAPI document.</summary>
public sealed record FileResponseMetadata(string ContentType, string Description);
