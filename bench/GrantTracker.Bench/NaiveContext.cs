using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Bench;

/// <summary>
/// The import as a first EF Core version would write it: entities in the change tracker, one SaveChanges.
/// Mapped onto the application's own LedgerEntries table (same columns and index; no foreign key); no audit,
/// so the comparison is the change tracker against the prepared INSERT and nothing else.
/// </summary>
internal sealed class NaiveContext(DbContextOptions<NaiveContext> options) : DbContext(options)
{
    public DbSet<NaiveLedgerEntry> LedgerEntries => Set<NaiveLedgerEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<NaiveLedgerEntry>().ToTable("LedgerEntries");
}

internal sealed class NaiveLedgerEntry
{
    public long Id { get; set; }
    public int ImportId { get; set; }
    public string Source { get; set; } = "";
    public int Month { get; set; }
    public string VoucherSeries { get; set; } = "";
    public string VoucherNumber { get; set; } = "";
    public DateOnly VoucherDate { get; set; }
    public DateOnly RowDate { get; set; }
    public string Account { get; set; } = "";
    public int AccountNumber { get; set; }
    public long Amount { get; set; }
    public string CostObject { get; set; } = "";
    public string? CostCentre { get; set; }
    public string? Project { get; set; }
    public string? Text { get; set; }
    public int Line { get; set; }
}
