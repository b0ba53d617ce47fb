using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GrantTracker.Application.Data.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public const string Table = "LedgerEntries";

    public const string RowsIndex = "IX_LedgerEntries_Rows";

    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.ToTable(Table);
        // One index, for the only readers of rows: the drill-down's row list (an object, its months, a project code
        // and an account range, a page at a time in voucher order) and a reassignment's rows (an object, month and
        // voucher). Figures come from LedgerMonthTotals (ADR 12). Every further index costs each of an import's
        // million rows a random B-tree insert (bench/, ADR 8).
        b.HasIndex(e => new { e.CostObject, e.Month, e.VoucherDate, e.VoucherSeries, e.VoucherNumber, e.AccountNumber, e.Project })
            .HasDatabaseName(RowsIndex);
        b.Property(e => e.Source).HasMaxLength(60).IsRequired();
        b.Property(e => e.VoucherSeries).HasMaxLength(20).IsRequired();
        b.Property(e => e.VoucherNumber).HasMaxLength(30).IsRequired();
        b.Property(e => e.Account).HasMaxLength(20).IsRequired();
        b.Property(e => e.CostObject).HasMaxLength(20).IsRequired();
        b.Property(e => e.CostCentre).HasMaxLength(40);
        b.Property(e => e.Project).HasMaxLength(40);
        b.Property(e => e.Text).HasMaxLength(500);
        // ImportId names the history row written in the same transaction; history rows are never deleted. No
        // foreign key: its check and the index EF would add for it cost a third of an import's time.
    }
}

internal sealed class LedgerMonthTotalConfiguration : IEntityTypeConfiguration<LedgerMonthTotal>
{
    public const string Table = "LedgerMonthTotals";

    public void Configure(EntityTypeBuilder<LedgerMonthTotal> b)
    {
        b.ToTable(Table);
        // The key is the group itself; object and month first, as every reader asks for a range of months of a few objects.
        b.HasKey(t => new { t.CostObject, t.Month, t.Source, t.AccountNumber, t.Project });
        b.Property(t => t.Source).HasMaxLength(60);
        b.Property(t => t.CostObject).HasMaxLength(20);
        b.Property(t => t.Project).HasMaxLength(40);
    }
}

internal sealed class LedgerImportConfiguration : IEntityTypeConfiguration<LedgerImport>
{
    public void Configure(EntityTypeBuilder<LedgerImport> b)
    {
        b.HasIndex(i => new { i.Sha256, i.Source });
        b.HasIndex(i => i.ImportedAtUtc);
        b.Property(i => i.FileName).HasMaxLength(260).IsRequired();
        b.Property(i => i.Sha256).HasMaxLength(64).IsRequired();
        b.Property(i => i.Format).HasMaxLength(10).IsRequired();
        b.Property(i => i.Encoding).HasMaxLength(30);
        b.Property(i => i.Source).HasMaxLength(60).IsRequired();
        b.Property(i => i.UserName).HasMaxLength(256).IsRequired();
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
    }
}

/// <summary>The tie-out state: one row per source, month and tracked cost object, written by the import (ADR 21).</summary>
internal sealed class LedgerMonthTieOutConfiguration : IEntityTypeConfiguration<LedgerMonthTieOut>
{
    public const string Table = "LedgerMonthTieOuts";

    public void Configure(EntityTypeBuilder<LedgerMonthTieOut> b)
    {
        b.ToTable(Table);
        b.HasIndex(t => new { t.CostObject, t.Month, t.Source }).IsUnique();
        b.Property(t => t.Source).HasMaxLength(60).IsRequired();
        b.Property(t => t.CostObject).HasMaxLength(20).IsRequired();
        b.Property(t => t.Method).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.TiedOutBy).HasMaxLength(256);
        b.Property(t => t.Reference).HasMaxLength(260);
        b.Ignore(t => t.IsTiedOut);
    }
}

internal sealed class ClosedMonthConfiguration : IEntityTypeConfiguration<ClosedMonth>
{
    public void Configure(EntityTypeBuilder<ClosedMonth> b)
    {
        b.HasIndex(c => new { c.AgreementId, c.Month }).IsUnique();
        b.HasOne<Agreement>().WithMany().HasForeignKey(c => c.AgreementId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.ClosedBy).HasMaxLength(256).IsRequired();
        b.Property(c => c.ReopenedBy).HasMaxLength(256);
        b.Property(c => c.ReopenReason).HasMaxLength(1000);
        b.Ignore(c => c.IsClosed);
    }
}

internal sealed class LedgerColumnMappingConfiguration : IEntityTypeConfiguration<LedgerColumnMapping>
{
    public void Configure(EntityTypeBuilder<LedgerColumnMapping> b)
    {
        b.ToTable("LedgerColumnMappings");
        b.HasIndex(m => m.Name).IsUnique();
        b.Property(m => m.Version).IsConcurrencyToken();
        foreach (var name in new[] { nameof(LedgerColumnMapping.Name), nameof(LedgerColumnMapping.Voucher), nameof(LedgerColumnMapping.Date),
                     nameof(LedgerColumnMapping.Account), nameof(LedgerColumnMapping.CostObject), nameof(LedgerColumnMapping.Amount) })
        {
            b.Property(name).HasMaxLength(LedgerColumnMapping.MaxLength).IsRequired();
        }
        foreach (var name in new[] { nameof(LedgerColumnMapping.CostCentre), nameof(LedgerColumnMapping.Text), nameof(LedgerColumnMapping.Project) })
        {
            b.Property(name).HasMaxLength(LedgerColumnMapping.MaxLength);
        }
        b.Ignore(m => m.Details);
    }
}
