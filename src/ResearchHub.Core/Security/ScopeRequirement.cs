using Microsoft.AspNetCore.Authorization;

namespace ResearchHub.Core.Security;

public sealed class ScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}
