using GrantTracker.Application.Auditing;
using GrantTracker.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrantTracker.Application.Data.Configurations;

/// <summary>
/// Issue 27: a personal access token. Authentication looks it up by its hash on every feed request: the unique index makes that
/// one seek. No foreign key to the user: as for calendar tokens, a token whose user is gone simply no longer authenticates.
/// </summary>
internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> b)
    {
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.UserId);
        b.Property(t => t.UserId).HasMaxLength(450).IsRequired();
        b.Property(t => t.Name).HasMaxLength(AccessToken.MaxNameLength).IsRequired();
        b.Property(t => t.TokenHash).HasMaxLength(64).IsRequired().HasAnnotation(AuditAnnotations.NotRecorded, true);
        b.Property(t => t.Prefix).HasMaxLength(AccessToken.PrefixLength).IsRequired();
        b.Ignore(t => t.LastValidDay);
    }
}
