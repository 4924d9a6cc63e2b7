using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using ResearchHub.Accounts.Domain;

namespace ResearchHub.Accounts.Data;

// OpenIddict's own entities and mappings (OpenIddictApplications, ...Authorizations, ...Scopes,
// ...Tokens), contributed to HubDbContext like every other configuration of the module.

internal sealed class OpenIdApplicationConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreApplication>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreApplication> builder) =>
        new OpenIddictEntityFrameworkCoreApplicationConfiguration<OpenIddictEntityFrameworkCoreApplication, OpenIddictEntityFrameworkCoreAuthorization, OpenIddictEntityFrameworkCoreToken, string>().Configure(builder);
}

internal sealed class OpenIdAuthorizationConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreAuthorization>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreAuthorization> builder) =>
        new OpenIddictEntityFrameworkCoreAuthorizationConfiguration<OpenIddictEntityFrameworkCoreAuthorization, OpenIddictEntityFrameworkCoreApplication, OpenIddictEntityFrameworkCoreToken, string>().Configure(builder);
}

internal sealed class OpenIdScopeConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreScope>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreScope> builder) =>
        new OpenIddictEntityFrameworkCoreScopeConfiguration<OpenIddictEntityFrameworkCoreScope, string>().Configure(builder);
}

internal sealed class OpenIdTokenConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreToken>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreToken> builder) =>
        new OpenIddictEntityFrameworkCoreTokenConfiguration<OpenIddictEntityFrameworkCoreToken, OpenIddictEntityFrameworkCoreApplication, OpenIddictEntityFrameworkCoreAuthorization, string>().Configure(builder);
}

internal sealed class OpenIdKeyConfiguration : IEntityTypeConfiguration<OpenIdKey>
{
    public void Configure(EntityTypeBuilder<OpenIdKey> builder)
    {
        builder.ToTable("OpenIdKeys");
        builder.Property(k => k.Use).HasMaxLength(8);
        builder.HasIndex(k => new { k.Use, k.CreatedAt });
    }
}
