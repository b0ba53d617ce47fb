using System.Text;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using GrantTracker.Domain.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task A_dry_run_then_the_real_import_in_the_same_context_stores_the_rows()
    {
        var path = Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan");

        var (dry, real) = await _db.InScopeAsync(async sp =>
        {
            var mediator = sp.GetRequiredService<Mediator.IMediator>();
            var first = await mediator.Send(new ImportLedgerFileCommand(path, "jan.csv", DryRun: true));
            var second = await mediator.Send(new ImportLedgerFileCommand(path, "jan.csv"));
            return (first, second);
        });

        Assert.Equal(ImportStatus.Provkord, dry.Status);
        Assert.Equal(ImportStatus.Importerad, real.Status);
        Assert.Equal((1L, 10_000L), await StoredAsync());
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

    [Fact]
    public async Task A_row_the_database_refuses_stops_the_import_with_the_reason_and_nothing_stored()
    {
        await ImportAsync(Csv("jan.csv", "A 1;2023-01-15;5010;410;9916;100,00;Kostnad"));
        var before = await StoredAsync();
        // Stands in for a database that refuses a value (on SQL Server, a text longer than its column).
        await _db.WithContextAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER refuse BEFORE INSERT ON LedgerEntries WHEN NEW.Text = 'vägras' BEGIN SELECT RAISE(FAIL, 'värdet får inte lagras'); END;"));

        var result = await ImportAsync(Csv("feb.csv", "A 2;2023-02-15;5010;410;9916;200,00;Kostnad", "A 3;2023-02-16;5010;410;9916;300,00;vägras"));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.Contains("inget är ändrat", result.Message);
        Assert.Contains(result.Errors, e => e.Message.Contains("värdet får inte lagras"));
        Assert.Equal(before, await StoredAsync());
        var history = await _db.WithContextAsync(db => db.LedgerImports.OrderByDescending(i => i.Id).FirstAsync());
        Assert.Equal((ImportStatus.Avvisad, "feb.csv"), (history.Status, history.FileName));
    }

    [Fact]
    public async Task The_summary_counts_as_cost_the_accounts_the_settings_name_as_the_reconciliation_does()
    {
        await ImportAsync(Csv("jan.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Kostnad",
            "A 2;2023-01-16;8010;410;9916;40,00;Finansiell kostnad"));
        var settings = ReconciliationSettings.Default with
        {
            Accounts = AccountPlan.Default with { Cost = new AccountRange(4000, 8999) },
        };

        var summary = await _db.WithContextAsync(async db => await new GetLedgerSummaryHandler(db, settings, new GrantTracker.Application.Features.FiguresCache()).Handle(new GetLedgerSummaryQuery(), default));

        var jan = summary.Rows.Single();
        Assert.Equal((140m, 0m), (jan.Cost, jan.Other));
    }

    private string Sie(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        var text = """
            #FLAGGA 0
            #FORMAT PC8
            #SIETYP 4
            #FNAMN "Region Jämtland Härjedalen"
            #RAR 0 20230101 20231231
            #DIM 1 "Ansvar"
            #DIM 21 "Objekt"
            #KONTO 5010 "Lön"

            """ + body;
        File.WriteAllBytes(path, GrantTracker.Application.Imports.Sie.SieEncoding.Cp437.GetBytes(text.Replace("\n", "\r\n")));
        return path;
    }

    [Fact]
    public async Task A_SIE_export_in_code_page_437_covers_its_fiscal_year_and_counts_added_rows_once_and_removed_rows_never()
    {
        var path = Sie("huvudbok.se", """
            #VER A 1 20230115 "Lön januari"
            {
                #TRANS 5010 {1 "410" 21 "9916"} 12000.00 "" "Lön sjuksköterska Åre"
                #RTRANS 6110 {21 "9917"} 500.00
                #TRANS 6110 {21 "9917"} 500.00
                #BTRANS 6110 {21 "9917"} 999.00
                #TRANS 1930 {} -12500.00
            }
            #VER A 2 20230301 "Annat objekt"
            {
                #TRANS 5010 {21 "8123"} 100
                #TRANS 1930 {} -100
            }
            """);

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Importerad, result.Status);
        Assert.Equal("Sie", result.Format);
        Assert.Equal("IBM437", result.Encoding);
        Assert.Equal((5L, 2L, 1L, 2L), (result.RowsRead, result.RowsStored, result.SkippedOtherObject, result.SkippedNoObject));
        // #RAR says 2023: the import covers, and on a later import replaces, the whole fiscal year.
        Assert.Equal(12, result.Months.Count);
        Assert.Equal(("2023-01", "2023-12"), (result.Months[0], result.Months[^1]));
        Assert.Equal((2L, 1_250_000L), await StoredAsync());
        var text = await _db.WithContextAsync(db => db.LedgerEntries.Where(e => e.CostObject == "9916").Select(e => e.Text).SingleAsync());
        Assert.Equal("Lön sjuksköterska Åre", text);
    }

    [Fact]
    public async Task A_file_without_tracked_rows_that_would_wipe_imported_months_is_refused_and_changes_nothing()
    {
        const string body = """
            #VER A 1 20230115 "Lön januari"
            {
                #TRANS 5010 {1 "410" 21 "9916"} 12000.00
                #TRANS 1930 {} -12000.00
            }
            """;
        await ImportAsync(Sie("huvudbok.se", body));
        var before = await StoredAsync();

        // The same ledger read with the cost centre (dimension 1) as the object: no row is on a tracked object.
        var wrong = await _db.SendAsync(new ImportLedgerFileCommand(Sie("huvudbok-igen.se", body + "\n"), "huvudbok-igen.se", ObjectDimension: 1));

        Assert.Equal(ImportStatus.Avvisad, wrong.Status);
        Assert.Contains("inga rader på bevakade kostnadsobjekt men skulle ersätta 1 tidigare importerade rader", wrong.Message);
        Assert.Contains("objektdimensionen", wrong.Message);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task An_unbalanced_SIE_voucher_stores_nothing_and_names_its_line()
    {
        await ImportAsync(Csv("ok.csv", "A 1;2023-01-15;5010;410;9916;100,00;Jan"));
        var before = await StoredAsync();

        var result = await ImportAsync(Sie("obalans.se", """
            #VER A 1 20230115 "Balanserad"
            {
                #TRANS 5010 {21 "9916"} 100.00
                #TRANS 1930 {} -100.00
            }
            #VER A 2 20230116 "Obalanserad"
            {
                #TRANS 5010 {21 "9916"} 100.00
                #TRANS 1930 {} -90.00
            }
            """));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        // Line 14 is the #VER of the voucher whose rows sum to 10,00 kr instead of zero.
        var error = Assert.Single(result.Errors);
        Assert.Equal(14, error.Line);
        Assert.Contains("A 2", error.Message);
        Assert.Equal(before, await StoredAsync());
    }

    /// <summary>A workbook with the given sheets; dates as Excel dates, numbers as numbers, the rest as text.</summary>
    private string Workbook(string name, params (string Sheet, object[][] Rows)[] sheets)
    {
        var path = Path.Combine(_dir, name);
        using var workbook = new ClosedXML.Excel.XLWorkbook();
        foreach (var (sheetName, rows) in sheets)
        {
            var sheet = workbook.Worksheets.Add(sheetName);
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < rows[r].Length; c++)
                {
                    sheet.Cell(r + 1, c + 1).Value = rows[r][c] switch
                    {
                        DateTime d => d,
                        string t => t,
                        var n => Convert.ToDouble(n, System.Globalization.CultureInfo.InvariantCulture),
                    };
                }
            }
        }
        workbook.SaveAs(path);
        return path;
    }

    private static readonly object[] ExcelHeader = ["Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text"];

    [Fact]
    public async Task An_Excel_export_is_imported_like_the_CSV_with_dates_and_numbers_as_Excel_stores_them()
    {
        var path = Workbook("huvudbok.xlsx", ("Huvudbok",
        [
            ExcelHeader,
            ["A 1", new DateTime(2023, 4, 3), 5010, 410, 9916, 1234.5, "Lön april"],
            ["A 1", new DateTime(2023, 4, 3), 1930, 410, "", -1234.5, "Bank"],
        ]));

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Importerad, result.Status);
        Assert.Equal((2L, 1L, 1L), (result.RowsRead, result.RowsStored, result.SkippedNoObject));
        Assert.Equal(["2023-04"], result.Months);
        Assert.Equal((1L, 123_450L), await StoredAsync());
    }

    [Fact]
    public async Task A_named_Excel_sheet_is_read_and_a_missing_one_is_refused_naming_the_sheets()
    {
        var path = Workbook("tva-blad.xlsx",
            ("Instruktioner", [["Exporten finns på bladet Huvudbok."]]),
            ("Huvudbok", [ExcelHeader, ["A 7", new DateTime(2023, 5, 2), 6420, 410, 9917, 800, "Konsult"]]));

        var missing = await _db.SendAsync(new ImportLedgerFileCommand(path, "tva-blad.xlsx", SheetName: "Saknas"));
        var named = await _db.SendAsync(new ImportLedgerFileCommand(path, "tva-blad.xlsx", SheetName: "huvudbok"));

        Assert.Equal(ImportStatus.Avvisad, missing.Status);
        Assert.Contains("Bladet ”Saknas” finns inte", Assert.Single(missing.Errors).Message);
        Assert.Contains("Huvudbok", missing.Errors[0].Message);
        Assert.Equal(ImportStatus.Importerad, named.Status);
        Assert.Equal((1L, 80_000L), await StoredAsync());
    }
}
