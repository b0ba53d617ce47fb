using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrantTracker.Application.Data.Configurations;

internal sealed class ExceptionNoteConfiguration : IEntityTypeConfiguration<ExceptionNote>
{
    public void Configure(EntityTypeBuilder<ExceptionNote> b)
    {
        b.HasIndex(n => new { n.AgreementId, n.Kind, n.CostObject, n.Key, n.Month }).IsUnique();
        b.HasOne<Agreement>().WithMany().HasForeignKey(n => n.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.CostObject).HasMaxLength(20).IsRequired();
        b.Property(n => n.Key).HasMaxLength(60).IsRequired();
        b.Property(n => n.Text).HasMaxLength(ExceptionNote.MaxTextLength).IsRequired();
        b.Property(n => n.WrittenBy).HasMaxLength(256).IsRequired();
        b.Property(n => n.Version).IsConcurrencyToken();
    }
}

internal sealed class GrantPaymentConfiguration : IEntityTypeConfiguration<GrantPayment>
{
    public void Configure(EntityTypeBuilder<GrantPayment> b)
    {
        b.HasIndex(p => new { p.AgreementId, p.Date });
        b.HasOne<Agreement>().WithMany().HasForeignKey(p => p.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(p => p.Reference).HasMaxLength(200).IsRequired();
        b.Property(p => p.RecordedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class RowAssignmentConfiguration : IEntityTypeConfiguration<RowAssignment>
{
    public void Configure(EntityTypeBuilder<RowAssignment> b)
    {
        b.HasIndex(a => new { a.AgreementId, a.Month });
        b.HasOne<Agreement>().WithMany().HasForeignKey(a => a.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AllocationLine>().WithMany().HasForeignKey(a => a.LineId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.Source).HasMaxLength(60).IsRequired();
        b.Property(a => a.VoucherSeries).HasMaxLength(20).IsRequired();
        b.Property(a => a.VoucherNumber).HasMaxLength(30).IsRequired();
        b.Property(a => a.Account).HasMaxLength(20).IsRequired();
        b.Property(a => a.CostObject).HasMaxLength(20).IsRequired();
        b.Property(a => a.Reason).HasMaxLength(1000).IsRequired();
        b.Property(a => a.AssignedBy).HasMaxLength(256).IsRequired();
    }
}
