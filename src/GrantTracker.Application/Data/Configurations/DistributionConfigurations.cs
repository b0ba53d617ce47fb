using GrantTracker.Domain.Distribution;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrantTracker.Application.Data.Configurations;

internal sealed class CareUnitConfiguration : IEntityTypeConfiguration<CareUnit>
{
    public void Configure(EntityTypeBuilder<CareUnit> b)
    {
        b.HasIndex(u => u.Code).IsUnique();
        b.HasIndex(u => u.OrganisationNumber);
        b.Property(u => u.Code).HasMaxLength(40).IsRequired();
        b.Property(u => u.Name).HasMaxLength(200).IsRequired();
        b.Property(u => u.OrganisationNumber).HasMaxLength(11).IsRequired();
        b.Property(u => u.Ownership).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class UnitListingConfiguration : IEntityTypeConfiguration<UnitListing>
{
    public void Configure(EntityTypeBuilder<UnitListing> b)
    {
        b.HasIndex(l => l.AsOf).IsUnique();
        b.Property(l => l.FileName).HasMaxLength(260).IsRequired();
        b.Property(l => l.Sha256).HasMaxLength(64).IsRequired();
        b.Property(l => l.ImportedBy).HasMaxLength(256).IsRequired();
        b.HasMany(l => l.Rows).WithOne().HasForeignKey(r => r.ListingId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(l => l.Rows).HasField("_rows").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class UnitListingRowConfiguration : IEntityTypeConfiguration<UnitListingRow>
{
    public void Configure(EntityTypeBuilder<UnitListingRow> b)
    {
        b.HasIndex(r => new { r.ListingId, r.UnitCode }).IsUnique();
        b.Property(r => r.UnitCode).HasMaxLength(40).IsRequired();
        b.Property(r => r.Name).HasMaxLength(200).IsRequired();
        b.Property(r => r.OrganisationNumber).HasMaxLength(11).IsRequired();
        b.Property(r => r.Ownership).HasConversion<string>().HasMaxLength(20);
        // Not money: kept to four decimals as whole ten-thousandths, instead of the convention's öre.
        b.Property(r => r.DistanceKm).HasConversion<TenThousandthsConverter>();
        b.Property(r => r.Cni).HasConversion<TenThousandthsConverter>();
        b.Property(r => r.ListedByBand).HasMaxLength(400).IsRequired();
    }
}

internal sealed class DistributionConfiguration : IEntityTypeConfiguration<Distribution>
{
    public void Configure(EntityTypeBuilder<Distribution> b)
    {
        b.HasIndex(d => d.AgreementId);
        b.Property(d => d.Name).HasMaxLength(200).IsRequired();
        b.Property(d => d.LineCode).HasMaxLength(20).IsRequired();
        b.Property(d => d.CostObjectCode).HasMaxLength(20).IsRequired();
        b.Property(d => d.Key).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.CreatedBy).HasMaxLength(256).IsRequired();
        b.Property(d => d.DecidedBy).HasMaxLength(256);
        b.Property(d => d.DecisionReference).HasMaxLength(200);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.HasOne<Domain.Agreements.Agreement>().WithMany().HasForeignKey(d => d.AgreementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Agreements.AllocationLine>().WithMany().HasForeignKey(d => d.LineId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<UnitListing>().WithMany().HasForeignKey(d => d.ListingId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(d => d.Rows).WithOne().HasForeignKey(r => r.DistributionId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(d => d.Rows).HasField("_rows").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(d => d.Public);
        b.Ignore(d => d.Private);
    }
}

internal sealed class DistributionRowConfiguration : IEntityTypeConfiguration<DistributionRow>
{
    public void Configure(EntityTypeBuilder<DistributionRow> b)
    {
        b.HasIndex(r => new { r.DistributionId, r.UnitCode }).IsUnique();
        b.HasIndex(r => r.OrganisationNumber);
        b.Property(r => r.UnitCode).HasMaxLength(40).IsRequired();
        b.Property(r => r.Name).HasMaxLength(200).IsRequired();
        b.Property(r => r.OrganisationNumber).HasMaxLength(11).IsRequired();
        b.Property(r => r.Ownership).HasConversion<string>().HasMaxLength(20);
        // Points keep up to four decimals (sparsity points have three), the share ten: not money.
        b.Property(r => r.Points).HasConversion<TenThousandthsConverter>();
        b.Property(r => r.Share).HasConversion<FractionConverter>();
        b.Property(r => r.ProjectCode).HasMaxLength(40).IsRequired();
    }
}

internal sealed class UnitReportConfiguration : IEntityTypeConfiguration<UnitReport>
{
    public void Configure(EntityTypeBuilder<UnitReport> b)
    {
        // One report per unit and distribution; the provider corrects it rather than adding another.
        b.HasIndex(r => new { r.DistributionId, r.UnitCode }).IsUnique();
        b.HasIndex(r => r.OrganisationNumber);
        b.Property(r => r.UnitCode).HasMaxLength(40).IsRequired();
        b.Property(r => r.OrganisationNumber).HasMaxLength(11).IsRequired();
        b.Property(r => r.Use).HasMaxLength(UnitReport.MaxTextLength).IsRequired();
        b.Property(r => r.Outcome).HasMaxLength(UnitReport.MaxTextLength).IsRequired();
        b.Property(r => r.SubmittedBy).HasMaxLength(256).IsRequired();
        b.Property(r => r.ReceivedBy).HasMaxLength(256);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasOne<Distribution>().WithMany().HasForeignKey(r => r.DistributionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.UnitReportId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(r => r.Files).HasField("_files").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(r => r.Received);
    }
}

internal sealed class UnitReportFileConfiguration : IEntityTypeConfiguration<UnitReportFile>
{
    public void Configure(EntityTypeBuilder<UnitReportFile> b)
    {
        b.Property(f => f.FileName).HasMaxLength(260).IsRequired();
        b.Property(f => f.ContentType).HasMaxLength(200).IsRequired();
        b.Property(f => f.UploadedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class ProviderOrganisationConfiguration : IEntityTypeConfiguration<ProviderOrganisation>
{
    public void Configure(EntityTypeBuilder<ProviderOrganisation> b)
    {
        b.HasIndex(p => new { p.UserId, p.OrganisationNumber }).IsUnique();
        b.Property(p => p.UserId).HasMaxLength(450).IsRequired();
        b.Property(p => p.OrganisationNumber).HasMaxLength(11).IsRequired();
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
