using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace GrantTracker.Application.Tests.Imports;

/// <summary>
/// Issue 23's edited files (<see cref="LedgerFuzz.Edits"/>, fixed seed): the valid ledger with its own control, a SIE file's
/// <c>#PSALDO</c> or the balance report given with a CSV or workbook, edited as the audit found files edited (a row duplicated, an
/// amount raised by 1 kr, an amount rewritten). Not one edited file is taken, each refusal leaves the ledger and its tie-outs as they
/// were, and every unedited file is taken and ties out its months. <c>bash bench/fuzz.sh N</c> runs it over N files.
/// </summary>
public sealed class LedgerControlFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-control-fuzz", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;
    private string _template = null!;

    /// <summary>A third of the mutation corpus's count: each case is a whole import of the ledger.</summary>
    private static int CaseCount => int.TryParse(Environment.GetEnvironmentVariable("GRANTTRACKER_FUZZ_CASES"), out var n) && n > 0 ? Math.Max(30, n / 3) : 90;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("GRANTTRACKER_FUZZ_SEED"), out var s) ? s : 20231;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
        _template = Path.Combine(_dir, "template.db");
        await _db.SaveCopyAsync(_template);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }


    private Task<string> StateAsync() => _db.WithContextAsync(async db =>
        string.Join("\n", (await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync()).Select(e => $"{e.Id}|{e.Month}|{e.Account}|{e.Amount}|{e.CostObject}"))
        + "\n--\n" + string.Join("\n", (await db.LedgerMonthTieOuts.AsNoTracking().OrderBy(t => t.Id).ToListAsync())
            .Select(t => $"{t.Month}|{t.CostObject}|{t.Rows}|{t.Amount}|{t.Method}")));

    [Fact]
    public async Task No_edited_file_is_taken_against_its_control_and_every_unedited_one_is_taken_and_tied_out()
    {
        var empty = await StateAsync();
        var outcomes = new Dictionary<string, int>();
        var dirty = false;
        foreach (var (fuzz, edited, control) in new LedgerFuzz(Seed).Edits(CaseCount))
        {
            if (dirty)
            {
                await _db.RestoreAsync(_template);
                dirty = false;
            }
            var path = Path.Combine(_dir, fuzz.FileName);
            await File.WriteAllBytesAsync(path, fuzz.Bytes);
            string? controlPath = null;
            if (control is not null)
            {
                controlPath = Path.Combine(_dir, "saldolista.csv");
                await File.WriteAllBytesAsync(controlPath, control);
            }

            LedgerImportResult result;
            try
            {
                result = await _db.SendAsync(new ImportLedgerFileCommand(path, fuzz.FileName, ControlFile: controlPath));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{fuzz.Name}: the import threw {e.GetType().Name}: {e.Message}");
            }
            var key = $"{(edited ? "edited" : "unedited")} {result.Status}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;

            if (edited)
            {
                Assert.True(result.Status == ImportStatus.Avvisad, $"{fuzz.Name}: an edited file was taken ({result.Status}). {result.Message}");
                Assert.True(result.Errors.Count > 0 && result.Message.Length > 0, $"{fuzz.Name}: a refusal without a reason");
                Assert.True(empty == await StateAsync(), $"{fuzz.Name}: the refusal changed the ledger or its tie-outs.");
                continue;
            }
            dirty = true;
            Assert.True(result.Status == ImportStatus.Importerad, $"{fuzz.Name}: the unedited file was not taken ({result.Status}). {result.Message} "
                + string.Join(" ", result.Errors.Take(3).Select(e => e.Message)));
            var tieOuts = await _db.WithContextAsync(db => db.LedgerMonthTieOuts.AsNoTracking().ToListAsync());
            Assert.True(tieOuts.Count > 0 && tieOuts.All(t => t.Method is not null), $"{fuzz.Name}: months left not tied out: "
                + string.Join(", ", tieOuts.Where(t => t.Method is null).Select(t => $"{t.Month} {t.CostObject}")));
        }

        output.WriteLine($"{CaseCount} edited-file cases, seed {Seed}: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))
            + $"; {outcomes.Where(o => o.Key.StartsWith("edited ", StringComparison.Ordinal) && !o.Key.EndsWith("Avvisad", StringComparison.Ordinal)).Sum(o => o.Value)} wrongly taken");
        Assert.True(outcomes.GetValueOrDefault("unedited Importerad") > 0 && outcomes.GetValueOrDefault("edited Avvisad") > 0, string.Join(", ", outcomes));
    }
}
