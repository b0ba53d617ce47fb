using System.Text;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Ledger;

public sealed class LedgerImportTests : IAsyncLifetime
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-import-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n", new UTF8Encoding(false));
        return path;
    }

    private Task<LedgerImportResult> ImportAsync(string path, bool dryRun = false) =>
        _db.SendAsync(new ImportLedgerFileCommand(path, Path.GetFileName(path), DryRun: dryRun));

    private Task<(long Rows, long Ore)> StoredAsync() => _db.WithContextAsync(async db =>
    {
        var amounts = await db.LedgerEntries.Select(e => e.Amount).ToListAsync();
        return ((long)amounts.Count, Money.ToOre(amounts.Sum()));
    });

    [Fact]
    public async Task Rows_on_tracked_objects_are_stored_and_the_rest_counted_by_reason()
    {
        var path = Csv("jan.csv",
            "A 1;2023-01-15;5010;410;9916;12 000,00;Lön projektledare",
            "A 1;2023-01-15;1930;;;-12 000,00;Bank",
            "A 2;2023-01-20;6110;410;9917;2 500,50;Material",
            "A 3;2023-01-21;6110;410;8123;999,00;Annat objekt");

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Importerad, result.Status);
        Assert.Equal((4, 2, 1, 1), (result.RowsRead, result.RowsStored, result.SkippedOtherObject, result.SkippedNoObject));
        Assert.Equal(["2023-01"], result.Months);
        Assert.Equal((2L, 1_450_050L), await StoredAsync());
    }

    [Fact]
    public async Task Importing_the_same_file_again_adds_nothing_and_says_so()
    {
        var path = Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;X");
        await ImportAsync(path);

        var again = await ImportAsync(path);

        Assert.Equal(ImportStatus.Oforandrad, again.Status);
        Assert.Contains("redan importerad", again.Message);
        Assert.Equal((1L, 10_000L), await StoredAsync());
    }

    [Fact]
    public async Task A_cumulative_export_replaces_the_months_it_covers_and_never_double_counts()
    {
        await ImportAsync(Csv("q1.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Jan",
            "A 2;2023-02-15;5010;410;9916;200,00;Feb",
            "A 3;2023-03-15;5010;410;9916;300,00;Mar"));

        var half = await ImportAsync(Csv("h1.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Jan",
            "A 2;2023-02-15;5010;410;9916;250,00;Feb rättad",
            "A 3;2023-03-15;5010;410;9916;300,00;Mar",
            "A 4;2023-06-15;5010;410;9916;400,00;Jun"));

        Assert.Equal(3, half.RowsReplaced);
        Assert.Equal((4L, 105_000L), await StoredAsync());
    }

    [Fact]
    public async Task A_bad_file_stores_nothing_and_reports_every_error_with_its_line()
    {
        await ImportAsync(Csv("ok.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan"));
        var before = await StoredAsync();

        var result = await ImportAsync(Csv("bad.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Jan",
            "A 2;2023-13-01;5010;410;9916;100,00;Fel datum",
            "A 3;2023-02-01;5010;410;9916;12,345;Fel belopp"));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.Contains(result.Errors, e => e.Line == 3);
        Assert.Contains(result.Errors, e => e.Line == 4);
        Assert.Equal(before, await StoredAsync());
        var history = await _db.SendAsync(new ListLedgerImportsQuery());
        Assert.Equal(ImportStatus.Avvisad, history[0].Status);
        Assert.Equal(2, history[0].ErrorCount);
    }

    [Fact]
    public async Task A_closed_month_refuses_the_import_naming_the_month()
    {
        await _db.WithContextAsync(async db =>
        {
            var gnv = await db.Agreements.SingleAsync(a => a.Code == "gnv2023");
            db.ClosedMonths.Add(new ClosedMonth { AgreementId = gnv.Id, Month = new YearMonth(2023, 2), ClosedAtUtc = DateTime.UtcNow, ClosedBy = "ekonom" });
            await db.SaveChangesAsync();
        });

        var result = await ImportAsync(Csv("feb.csv", "A 1;2023-02-15;5010;410;9916;100,00;Feb"));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.Contains("2023-02", result.Message);
        Assert.Contains("öppna", result.Message);
        Assert.Equal((0L, 0L), await StoredAsync());
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_stores_nothing()
    {
        var result = await ImportAsync(Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan"), dryRun: true);

        Assert.Equal(ImportStatus.Provkord, result.Status);
        Assert.Equal(1, result.RowsStored);
        Assert.Equal((0L, 0L), await StoredAsync());
        Assert.Empty(await _db.SendAsync(new ListLedgerImportsQuery()));
    }

    [Fact]
    public async Task The_summary_sums_cost_per_object_and_month_in_SQL()
    {
        await ImportAsync(Csv("jan.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Kostnad",
            "A 2;2023-01-16;3010;410;9916;-500,00;Bidrag",
            "A 3;2023-02-16;1220;410;9917;10 000,00;Investering"));

        var summary = await _db.SendAsync(new GetLedgerSummaryQuery());

        var jan = summary.Rows.Single(r => r.CostObject == "9916" && r.Month == new YearMonth(2023, 1));
        Assert.Equal((100m, -500m, 2L), (jan.Cost, jan.Other, jan.Rows));
        Assert.Equal(10_000m, summary.Rows.Single(r => r.CostObject == "9917").Other);
    }
}
