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
