using GrantTracker.Domain.Agreements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrantTracker.Application.Data.Configurations;

public sealed class SentReminderConfiguration : IEntityTypeConfiguration<SentReminder>
{
    public void Configure(EntityTypeBuilder<SentReminder> b)
    {
        b.ToTable("SentReminders");
        b.Property(r => r.Recipient).HasMaxLength(320);
        // Once per obligation, due date and window: the database refuses a second one whatever sends it.
        b.HasIndex(r => new { r.ObligationId, r.DueDate, r.DaysBefore }).IsUnique();
        b.HasOne<ReportingObligation>().WithMany().HasForeignKey(r => r.ObligationId).OnDelete(DeleteBehavior.Cascade);
    }
}
