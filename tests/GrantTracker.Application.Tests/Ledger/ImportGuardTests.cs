using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Ledger;

/// <summary>
/// The import's guards against files that would silently change the money: the same vouchers twice, a cut-off export,
/// a fiscal year of any length, and files no reader was written for. Each refusal is recorded and changes nothing.
/// </summary>
public sealed class ImportGuardTests : IAsyncLifetime
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-guard-tests", Guid.NewGuid().ToString("N"));
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

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private string Csv(string name, params string[] lines) => Write(name, string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n");

    private static string Sie(string rar, params string[] vouchers) =>
        $"#FLAGGA 0\n#SIETYP 4\n{rar}\n#DIM 6 \"Objekt\"\n" + string.Join("\n", vouchers) + "\n";

    private static string Ver(int number, string date, string obj, string amount) =>
        $"#VER A {number} {date} \"Test\"\n{{\n#TRANS 5010 {{6 \"{obj}\"}} {amount}\n#TRANS 2440 {{}} -{amount}\n}}";

    /// <summary>Twelve months of 2023, two rows a month on 9916 and one on 9917.</summary>
    private static string[] Year2023() =>
    [
        .. Enumerable.Range(1, 12).SelectMany(m => new[]
        {
            $"A {m * 10 + 1};2023-{m:00}-05;5010;410;9916;1 000,00;Lön",
            $"A {m * 10 + 2};2023-{m:00}-15;6110;410;9916;250,50;Material",
            $"A {m * 10 + 3};2023-{m:00}-20;6110;410;9917;400,00;Utbildning",
        }),
    ];

    private Task<LedgerImportResult> ImportAsync(string path, bool dryRun = false, bool allowShrink = false) =>
        _db.SendAsync(new ImportLedgerFileCommand(path, Path.GetFileName(path), DryRun: dryRun, AllowShrink: allowShrink));

    /// <summary>Every stored row, in id order, as text: a refusal must leave this exactly as it was.</summary>
    private Task<string> LedgerAsync() => _db.WithContextAsync(async db =>
        string.Join("\n", (await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync())
            .Select(e => $"{e.Id}|{e.Source}|{e.Month}|{e.VoucherSeries}|{e.VoucherNumber}|{e.VoucherDate}|{e.Account}|{e.Amount}|{e.CostObject}|{e.Project}|{e.Text}")));

    private Task<LedgerImport> LastHistoryAsync() =>
        _db.WithContextAsync(db => db.LedgerImports.AsNoTracking().OrderByDescending(i => i.Id).FirstAsync());

    private static string Errors(LedgerImportResult r) => r.Message + " | " + string.Join(" | ", r.Errors);

    [Fact]
    public async Task The_same_SIE_vouchers_twice_are_refused_with_both_lines_and_nothing_changes()
    {
        var once = Sie("#RAR 0 20230101 20231231", Ver(1, "20230110", "9916", "100.00"), Ver(2, "20230210", "9916", "200.00"));
        var path = Write("dubbel.se", once + once);
        var before = await LedgerAsync();

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        var error = Assert.Single(result.Errors, e => e.Message.Contains("Verifikation A 1 finns två gånger"));
        Assert.Contains("rad 5 och rad 19", error.Message);
        Assert.Contains(result.Errors, e => e.Message.Contains("Verifikation A 2 finns två gånger"));
        Assert.Equal(before, await LedgerAsync());
        Assert.Equal(ImportStatus.Avvisad, (await LastHistoryAsync()).Status);
    }

    [Fact]
    public async Task The_same_voucher_number_in_another_series_or_year_is_no_duplicate()
    {
        // Without #RAR the calendar year stands in for the fiscal year.
        var path = Write("ok.se", Sie("", Ver(1, "20230110", "9916", "100.00"), Ver(1, "20240110", "9916", "100.00"))
            + "#VER B 1 20230110 \"B\"\n{\n#TRANS 5010 {6 \"9916\"} 5.00\n#TRANS 2440 {} -5.00\n}\n");

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded, Errors(result));
        Assert.Equal(3, result.RowsStored);
    }

    [Fact]
    public async Task A_CSV_file_twice_over_is_refused_but_a_voucher_spread_over_the_file_is_not()
    {
        string[] rows =
        [
            "A 1;2023-01-15;5010;410;9916;100,00;Lön",
            "A 1;2023-01-15;1930;;;-100,00;Bank",
            "A 2;2023-01-16;5010;410;9917;50,00;Material",
        ];
        var twice = await ImportAsync(Csv("dubbel.csv", [.. rows, .. rows]));
        Assert.Equal(ImportStatus.Avvisad, twice.Status);
        Assert.Contains(twice.Errors, e => e.Message.Contains("Verifikation A 1 finns två gånger i filen med samma rader: rad 2–3 och rad 5–6"));
        Assert.Contains(twice.Errors, e => e.Message.Contains("Verifikation A 2") && e.Message.Contains("rad 4 och rad 7"));
        Assert.Equal("", await LedgerAsync());

        // Sorted by account, say: voucher A 1's rows come apart, but no row set repeats.
        var spread = await ImportAsync(Csv("spridd.csv",
            "A 1;2023-01-15;5010;410;9916;100,00;Lön",
            "A 2;2023-01-16;5010;410;9917;50,00;Material",
            "A 1;2023-01-15;6110;410;9916;20,00;Porto",
            "A 1;2023-01-15;1930;;;-120,00;Bank"));
        Assert.True(spread.Succeeded, Errors(spread));
        Assert.Equal(3, spread.RowsStored);
    }

    [Fact]
    public async Task An_Excel_sheet_pasted_twice_is_refused()
    {
        var path = Path.Combine(_dir, "dubbel.xlsx");
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.Worksheets.Add("Huvudbok");
            string[] header = ["Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text"];
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(1, c + 1).Value = header[c];
            }
            for (var copy = 0; copy < 2; copy++)
            {
                var r = 2 + copy * 2;
                sheet.Cell(r, 1).Value = "A 7";
                sheet.Cell(r, 2).Value = new DateTime(2023, 4, 3);
                sheet.Cell(r, 3).Value = 5010;
                sheet.Cell(r, 5).Value = 9916;
                sheet.Cell(r, 6).Value = 300.25;
                sheet.Cell(r + 1, 1).Value = "A 8";
                sheet.Cell(r + 1, 2).Value = new DateTime(2023, 4, 4);
                sheet.Cell(r + 1, 3).Value = 5010;
                sheet.Cell(r + 1, 5).Value = 9917;
                sheet.Cell(r + 1, 6).Value = 10;
            }
            workbook.SaveAs(path);
        }

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.Contains(result.Errors, e => e.Message.Contains("Verifikation A 7 finns två gånger i filen med samma rader: rad 2 och rad 4"));
        Assert.Equal("", await LedgerAsync());
    }

    [Fact]
    public async Task A_cut_off_CSV_is_refused_with_the_months_named_and_imports_only_when_confirmed()
    {
        var year = Year2023();
        Assert.True((await ImportAsync(Csv("helar.csv", year))).Succeeded);
        var before = await LedgerAsync();

        // `head -9` of a CSV cuts in the middle of March: a CSV covers the months of its vouchers, so January and
        // February are replaced by what they were, and March would lose its row on 9917.
        var cutMarch = Csv("avkortad-mars.csv", year[..8]);
        var refusedMarch = await ImportAsync(cutMarch);
        Assert.Equal(ImportStatus.Avvisad, refusedMarch.Status);
        Assert.True(refusedMarch.NeedsConfirmation);
        var march = Assert.Single(refusedMarch.MonthChanges, m => m.Shrinks);
        Assert.Equal(("2023-03", 3L, 2L, 1_650.50m, 1_250.50m), (march.Month, march.RowsBefore, march.RowsAfter, march.AmountBefore, march.AmountAfter));
        Assert.Equal("9917", Assert.Single(march.Objects, o => o.Shrinks).CostObject);
        Assert.Contains("2023-03: 3 → 2 rader", refusedMarch.Message);
        Assert.Contains("Ersätt ändå", refusedMarch.Message);
        Assert.Equal(["2023-01", "2023-02", "2023-03"], refusedMarch.MonthChanges.Select(m => m.Month));
        Assert.Equal(before, await LedgerAsync());
        var history = await LastHistoryAsync();
        Assert.Equal(ImportStatus.Avvisad, history.Status);
        Assert.Equal(64, history.Sha256.Length);

        var confirmed = await ImportAsync(cutMarch, allowShrink: true);
        Assert.Equal(ImportStatus.Importerad, confirmed.Status);
        Assert.Equal((8L, 9L), (confirmed.RowsStored, confirmed.RowsReplaced));
    }

    [Fact]
    public async Task A_refused_file_confirmed_later_is_imported_since_a_refusal_is_no_import()
    {
        var year = Year2023();
        await ImportAsync(Csv("helar.csv", year));
        var cut = Csv("avkortad.csv", year[..4]);
        Assert.True((await ImportAsync(cut)).NeedsConfirmation);

        var confirmed = await ImportAsync(cut, allowShrink: true);

        Assert.Equal(ImportStatus.Importerad, confirmed.Status);
    }

    [Fact]
    public async Task A_growing_cumulative_export_needs_no_confirmation()
    {
        var year = Year2023();
        var q1 = await ImportAsync(Csv("jan-mar.csv", year[..9]));
        var h1 = await ImportAsync(Csv("jan-jun.csv", year[..18]));

        Assert.Equal(ImportStatus.Importerad, q1.Status);
        Assert.Equal(ImportStatus.Importerad, h1.Status);
        Assert.Equal((18L, 9L), (h1.RowsStored, h1.RowsReplaced));
        Assert.Equal(6, h1.MonthChanges.Count);
        Assert.Equal([3L, 3L, 3L, 0L, 0L, 0L], h1.MonthChanges.Select(m => m.RowsBefore));
        Assert.All(h1.MonthChanges, m => Assert.Equal(3, m.RowsAfter));
    }

    [Fact]
    public async Task A_dry_run_shows_the_comparison_and_stores_nothing()
    {
        var year = Year2023();
        await ImportAsync(Csv("helar.csv", year));
        var before = await LedgerAsync();
        var imports = await _db.WithContextAsync(db => db.LedgerImports.CountAsync());

        var dry = await ImportAsync(Csv("avkortad.csv", year[..8]), dryRun: true);

        Assert.Equal(ImportStatus.Avvisad, dry.Status);
        Assert.True(dry.NeedsConfirmation);
        Assert.Equal(3, dry.MonthChanges.Count);
        Assert.Equal(before, await LedgerAsync());
        Assert.Equal(imports, await _db.WithContextAsync(db => db.LedgerImports.CountAsync()));

        var allowed = await ImportAsync(Csv("avkortad2.csv", year[..8]), dryRun: true, allowShrink: true);
        Assert.Equal(ImportStatus.Provkord, allowed.Status);
        Assert.Equal(before, await LedgerAsync());
    }

    [Fact]
    public async Task The_tolerance_is_a_setting()
    {
        await using var tolerant = await TestDatabase.CreateAsync(settings: new Dictionary<string, string?> { ["Import:ShrinkTolerance"] = "0.5" });
        var year = Year2023();
        var full = Csv("helar.csv", year);
        Assert.True((await tolerant.SendAsync(new ImportLedgerFileCommand(full, "helar.csv"))).Succeeded);

        // March's 9917 loses its only row: a 100 % shrink, beyond any tolerance.
        var lost = await tolerant.SendAsync(new ImportLedgerFileCommand(Csv("a.csv", year[..8]), "a.csv"));
        // Within 50 %: March's 9916 keeps one of its two rows (and 80 % of its gross amount).
        var half = await tolerant.SendAsync(new ImportLedgerFileCommand(Csv("b.csv", [.. year[..6], year[6], year[8]]), "b.csv"));

        Assert.True(lost.NeedsConfirmation);
        Assert.Equal(ImportStatus.Importerad, half.Status);
    }

    [Fact]
    public async Task A_fiscal_year_longer_than_18_months_is_refused_and_nothing_is_replaced()
    {
        await ImportAsync(Write("2024.se", Sie("#RAR 0 20240101 20241231", Ver(1, "20240310", "9916", "100.00"))));
        var before = await LedgerAsync();

        var result = await ImportAsync(Write("absurd.se", Sie("#RAR 0 20000101 20301231", Ver(1, "20230110", "9916", "100.00"))));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("372 månader", error.Message);
        Assert.Contains("högst 18 månader", error.Message);
        Assert.Equal(before, await LedgerAsync());

        var backwards = await ImportAsync(Write("bakvand.se", Sie("#RAR 0 20231231 20230101", Ver(1, "20230110", "9916", "100.00"))));
        Assert.Contains(backwards.Errors, e => e.Message.Contains("före sin början"));

        // 18 months, an extended first fiscal year, is allowed.
        var extended = await ImportAsync(Write("forlangt.se", Sie("#RAR 0 20220701 20231231", Ver(1, "20230110", "9916", "100.00"))));
        Assert.True(extended.Succeeded, Errors(extended));
    }

    [Fact]
    public async Task A_fiscal_year_that_covers_booked_months_the_file_lacks_needs_confirmation()
    {
        Assert.True((await ImportAsync(Csv("helar.csv", Year2023()))).Succeeded);

        var result = await ImportAsync(Write("q1.se", Sie("#RAR 0 20230101 20231231", Ver(11, "20230105", "9916", "1000.00"))));

        Assert.True(result.NeedsConfirmation);
        Assert.Equal(12, result.MonthChanges.Count);
        Assert.Equal(12, result.MonthChanges.Count(m => m.Shrinks));
    }

    [Theory]
    [InlineData("sie")]
    [InlineData("csv")]
    public async Task A_date_before_1900_is_a_recorded_refusal_with_its_line(string format)
    {
        var path = format == "sie"
            ? Write("gammal.se", Sie("", Ver(1, "00010101", "9916", "100.00")))
            : Csv("gammal.csv", "A 1;0001-06-18;5010;410;9916;100,00;Lön");

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(format == "sie" ? 5 : 2, error.Line);
        Assert.Contains("före år 1900", error.Message);
        Assert.Equal(ImportStatus.Avvisad, (await LastHistoryAsync()).Status);
    }

    public static TheoryData<string> BrokenWorkbooks => ["empty-zip", "no-workbook", "no-content-types", "no-rels", "no-shared-strings", "not-a-zip"];

    [Theory]
    [MemberData(nameof(BrokenWorkbooks))]
    public async Task A_broken_workbook_is_a_recorded_refusal_in_Swedish(string kind)
    {
        var path = Path.Combine(_dir, kind + ".xlsx");
        File.WriteAllBytes(path, BrokenWorkbook(kind));

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Contains("Excel-arbetsbok", error.Message);
        Assert.DoesNotContain("Sequence", error.Message);
        Assert.DoesNotContain("SQLite", result.Message);
        var history = await LastHistoryAsync();
        Assert.Equal((ImportStatus.Avvisad, kind + ".xlsx"), (history.Status, history.FileName));
    }

    internal static byte[] BrokenWorkbook(string kind)
    {
        if (kind == "not-a-zip")
        {
            return Encoding.UTF8.GetBytes("Verifikation;Datum\nA 1;2023-01-01\n");
        }
        using var stream = new MemoryStream();
        if (kind == "empty-zip")
        {
            using (new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
            }
            return stream.ToArray();
        }
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.Worksheets.Add("Huvudbok");
            sheet.Cell(1, 1).Value = "Verifikation";
            sheet.Cell(1, 2).Value = "Datum";
            sheet.Cell(2, 1).Value = "A 1";
            workbook.SaveAs(stream);
        }
        var part = kind switch
        {
            "no-workbook" => "xl/workbook.xml",
            "no-content-types" => "[Content_Types].xml",
            "no-rels" => "xl/_rels/workbook.xml.rels",
            _ => "xl/sharedStrings.xml",
        };
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(part)!.Delete();
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task A_header_that_names_an_imported_column_twice_is_refused()
    {
        var path = Write("dubbla-rubriker.csv", "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text;Belopp\r\nA 1;2023-01-15;5010;410;9916;100,00;Lön;999,00\r\n");

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("Belopp", 1), (error.Field, error.Line));
        Assert.Contains("finns 2 gånger i rubrikraden (kolumn 6 och 8)", error.Message);
    }
}
