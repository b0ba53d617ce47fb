using GrantTracker.Application.Imports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>
/// The SQLite writer binds through SQLite's C API, several rows to a statement, with repeating values kept in
/// native memory: every value must arrive exactly, whichever statement and whichever binding carried it.
/// </summary>
public sealed class SqliteLedgerEntryWriterTests
{
    private static LedgerRow Row(int line) => new(
        line,
        VoucherSeries: line % 2 == 0 ? "A" : "LÖN",
        VoucherNumber: $"V{line}",
        VoucherDate: new DateOnly(2023, 1 + line % 12, 1 + line % 28),
        RowDate: new DateOnly(2023, 1 + line % 12, 1 + (line + 3) % 28),
        Account: line % 5 == 0 ? "K12" : (4000 + line % 7).ToString(),
        Amount: line % 3 == 0 ? -(line + 0.05m) : line * 10.5m,
        CostObject: line % 4 == 0 ? "9916" : "9917",
        CostCentre: line % 6 == 0 ? null : $"{400 + line % 9}",
        Project: line % 3 == 0 ? $"P{line % 4}" : null,
        Text: line % 7 == 0 ? null : line % 11 == 0 ? new string('å', 600) : $"Lön januari – rad {line} ”citat” {{objekt}}");

    private static async Task<List<LedgerEntry>> WriteAsync(TestDatabase database, IReadOnlyList<LedgerRow> rows, bool commit)
    {
        await database.WithContextAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            using (var writer = LedgerEntryWriter.Create(db.Database.GetDbConnection(), transaction.GetDbTransaction()))
            {
                // Full statements of several rows, then the rest one by one, then a lone row.
                writer.WriteBatch(7, "huvudbok", rows.Take(rows.Count - 1).ToArray());
                writer.Write(7, "huvudbok", rows[^1]);
            }
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        });
        return await database.WithContextAsync(db => db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
    }

    [Fact]
    public async Task Every_value_of_every_row_is_stored_as_read()
    {
        await using var database = await TestDatabase.CreateAsync(seedAgreements: false);
        var rows = Enumerable.Range(1, LedgerEntryWriterRows).Select(Row).ToList();

        var stored = await WriteAsync(database, rows, commit: true);

        Assert.Equal(rows.Count, stored.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var entry = stored[i];
            Assert.Equal(7, entry.ImportId);
            Assert.Equal("huvudbok", entry.Source);
            Assert.Equal(YearMonth.Of(row.VoucherDate), entry.Month);
            Assert.Equal(row.VoucherSeries, entry.VoucherSeries);
            Assert.Equal(row.VoucherNumber, entry.VoucherNumber);
            Assert.Equal(row.VoucherDate, entry.VoucherDate);
            Assert.Equal(row.RowDate, entry.RowDate);
            Assert.Equal(row.Account, entry.Account);
            Assert.Equal(row.Account == "K12" ? 0 : int.Parse(row.Account), entry.AccountNumber);
            Assert.Equal(row.Amount, entry.Amount);
            Assert.Equal(row.CostObject, entry.CostObject);
            Assert.Equal(row.CostCentre, entry.CostCentre);
            Assert.Equal(row.Project, entry.Project);
            Assert.Equal(row.Text is { Length: > 500 } text ? text[..500] : row.Text, entry.Text);
            Assert.Equal(row.Line, entry.Line);
        }
    }

    // Two full statements and a remainder written row by row.
    private const int LedgerEntryWriterRows = 2 * 64 + 9;

    [Fact]
    public async Task Rows_written_inside_a_transaction_that_rolls_back_are_gone()
    {
        await using var database = await TestDatabase.CreateAsync(seedAgreements: false);

        var stored = await WriteAsync(database, Enumerable.Range(1, LedgerEntryWriterRows).Select(Row).ToList(), commit: false);

        Assert.Empty(stored);
    }

    [Fact]
    public async Task Values_beyond_the_writers_cache_of_repeating_values_are_stored_as_well()
    {
        await using var database = await TestDatabase.CreateAsync(seedAgreements: false);
        // Every row a cost centre of its own: past 50 000 distinct values the writer stops keeping them.
        var rows = Enumerable.Range(1, 50_100).Select(i => Row(i) with { CostCentre = $"A{i}" }).ToList();

        var stored = await WriteAsync(database, rows, commit: true);

        Assert.Equal(rows.Select(r => r.CostCentre), stored.Select(e => e.CostCentre));
    }
}
