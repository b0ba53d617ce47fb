using GrantTracker.Application.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrantTracker.Application.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    /// <summary>Both migration sets create this trigger; it refuses UPDATE and DELETE on the table.</summary>
    public const string AppendOnlyTrigger = "TR_AuditEntries_AppendOnly";

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries", t => t.HasTrigger(AppendOnlyTrigger));
        b.HasIndex(e => e.AtUtc);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
        b.HasIndex(e => e.UserName);
        b.Property(e => e.UserId).HasMaxLength(450);
        b.Property(e => e.UserName).HasMaxLength(256).IsRequired();
        b.Property(e => e.EntityType).HasMaxLength(100).IsRequired();
        b.Property(e => e.EntityId).HasMaxLength(100).IsRequired();
        b.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Changes).IsRequired();
    }
}
