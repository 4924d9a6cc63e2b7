using System.Security.Claims;

namespace ResearchHub.Core.Digests;

/// <summary>The member a digest is for, as the sections' access rules read them: id, organisation and the principal their roles give them.</summary>
public sealed record DigestReader(string UserId, long? OrganisationId, ClaimsPrincipal Principal);
