using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>
/// A corpus of mutated SIE, CSV and Excel files (<see cref="LedgerFuzz"/>, fixed seed) imported one by one into a
/// database that holds a known ledger. Whatever the file, no exception escapes the use case, the outcome is Importerad,
/// Oförändrad or Avvisad, a refusal leaves the ledger byte for byte as it was, an acceptance stores exactly the rows it
/// reports, the month totals equal the rows after every outcome, and nothing that shrinks a month of a cost object is
/// accepted without the confirmation.
/// <c>bash bench/fuzz.sh N</c> runs the same test over N files.
/// </summary>
public sealed class ImportFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-fuzz", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;
    private string _template = null!;

    private static int CaseCount => int.TryParse(Environment.GetEnvironmentVariable("GRANTTRACKER_FUZZ_CASES"), out var n) && n > 0 ? n : 300;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("GRANTTRACKER_FUZZ_SEED"), out var s) ? s : 20231;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
        var valid = Path.Combine(_dir, "huvudbok-2023.se");
        await File.WriteAllBytesAsync(valid, new LedgerFuzz(Seed).ValidSie());
        var known = await _db.SendAsync(new ImportLedgerFileCommand(valid, "huvudbok-2023.se"));
        Assert.True(known.Succeeded, known.Message);
        Assert.True(known.RowsStored > 50, $"The known ledger has {known.RowsStored} rows.");
        _template = Path.Combine(_dir, "template.db");
        await _db.SaveCopyAsync(_template);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }


    /// <summary>Every stored row and its id, in order, and the row count per month and object with its gross öre.</summary>
    private sealed record LedgerState(string Rows, long MaxId, Dictionary<(int Month, string Object), (long Rows, long Gross)> Cells);

    private Task<LedgerState> StateAsync() => _db.WithContextAsync(async db =>
    {
        var rows = await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        var text = string.Join("\n", rows.Select(e =>
            $"{e.Id}|{e.ImportId}|{e.Source}|{e.Month}|{e.VoucherSeries}|{e.VoucherNumber}|{e.VoucherDate}|{e.RowDate}|{e.Account}|{e.Amount}|{e.CostObject}|{e.CostCentre}|{e.Project}|{e.Text}|{e.Line}"));
        var cells = rows.GroupBy(e => (e.Month.ToNumber(), e.CostObject))
            .ToDictionary(g => g.Key, g => ((long)g.Count(), g.Sum(e => (long)Math.Abs(e.Amount * 100))));
        return new LedgerState(text, rows.Count == 0 ? 0 : rows[^1].Id, cells);
    });

    [Fact]
    public async Task No_mutated_file_escapes_the_import_changes_what_it_refuses_or_shrinks_a_month_unconfirmed()
    {
        var known = await StateAsync();
        var outcomes = new Dictionary<ImportStatus, int>();
        var dirty = false;
        foreach (var fuzz in new LedgerFuzz(Seed).Cases(CaseCount))
        {
            if (dirty)
            {
                await _db.RestoreAsync(_template);
            }
            var path = Path.Combine(_dir, fuzz.FileName);
            await File.WriteAllBytesAsync(path, fuzz.Bytes);

            LedgerImportResult result;
            try
            {
                result = await _db.SendAsync(new ImportLedgerFileCommand(path, fuzz.FileName));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{fuzz.Name}: the import threw {e.GetType().Name}: {e.Message}");
            }
            File.Delete(path);
            outcomes[result.Status] = outcomes.GetValueOrDefault(result.Status) + 1;
            var after = await StateAsync();
            // The month totals every page reads (ADR 12) equal the rows after every outcome.
            var differences = await _db.SendAsync(new VerifyLedgerTotalsQuery());
            Assert.True(differences.Count == 0, $"{fuzz.Name}: {result.Status} left the month totals unequal to the rows in {differences.Count} groups.");

            Assert.True(result.Status is ImportStatus.Importerad or ImportStatus.Oforandrad or ImportStatus.Avvisad, $"{fuzz.Name}: {result.Status}");
            if (result.Status != ImportStatus.Importerad)
            {
                Assert.True(known.Rows == after.Rows, $"{fuzz.Name}: {result.Status} changed the ledger. {result.Message}");
                Assert.True(result.Status != ImportStatus.Avvisad || result.Errors.Count > 0 && result.Message.Length > 0, $"{fuzz.Name}: a refusal without a reason");
                dirty = false;
                continue;
            }

            dirty = true;
            var added = after.Rows.Split('\n').Count(line => long.Parse(line[..line.IndexOf('|')]) > known.MaxId);
            Assert.True(added == result.RowsStored, $"{fuzz.Name}: reports {result.RowsStored} rows stored, {added} are new.");
            foreach (var month in result.Months.Select(m => int.Parse(m.Replace("-", ""))))
            {
                foreach (var ((m, obj), before) in known.Cells.Where(c => c.Key.Month == month))
                {
                    var now = after.Cells.GetValueOrDefault((m, obj));
                    Assert.True(now.Rows >= before.Rows && now.Gross >= before.Gross,
                        $"{fuzz.Name}: accepted without confirmation, {m} {obj} shrank from {before.Rows} rows ({before.Gross} öre) to {now.Rows} ({now.Gross}).");
                }
            }
        }

        output.WriteLine($"{CaseCount} files, seed {Seed}: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        // The corpus must reach both sides of the guards, or it tests nothing.
        Assert.True(outcomes.GetValueOrDefault(ImportStatus.Avvisad) > CaseCount / 3, "Too few refusals: " + string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(ImportStatus.Importerad) > 0, "No accepted file: " + string.Join(", ", outcomes));
    }
}
