using System.Globalization;
using System.Text;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Application.Seeding;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Ledger;

/// <summary>
/// The monthly SIE import as the region runs it (issue 25, part 4): the ledger exports the year so far (#RAR for the whole year, vouchers
/// through the current month). With January–October closed, the demo year's own ledger (January–November) plus December imports and
/// changes only November and December; a file that would change a closed month is refused, per month with what each holds, and changes
/// nothing. CSV follows the same rule.
/// </summary>
public sealed class YearToDateImportTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-ytd-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;
    private string _ledger = "";
    private static readonly string[] Objects = ["9916", "9917", "9942", "9943"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
        // The demo year's own SIE file, January–November (DemoYear.Write: the file demo mode imports), with two units paid in April and October.
        _ledger = Path.Combine(_dir, DemoYear.FileName);
        DemoYear.Write(_ledger, [("SE2321000001-0001", "HC-0001", 600_000m), ("SE2321000001-0002", "HC-0002", 400_000m)], Objects);
        var first = await ImportAsync(_ledger);
        Assert.True(first.Succeeded, first.Message);
        // January–October closed, as in the demo year (arranged directly: closing through the use case needs the whole demo year's activities).
        await _db.WithContextAsync(async db =>
        {
            var agreement = await db.Agreements.Where(a => a.Code == DemoYear.AgreementCode).Select(a => a.Id).SingleAsync();
            for (var month = 1; month <= 10; month++)
            {
                db.ClosedMonths.Add(new ClosedMonth { AgreementId = agreement, Month = new YearMonth(2023, month), ClosedAtUtc = new DateTime(2023, month % 12 + 1, 10), ClosedBy = "ekonom@demo.local" });
            }
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<LedgerImportResult> ImportAsync(string path) => _db.SendAsync(new ImportLedgerFileCommand(path, Path.GetFileName(path)));

    /// <summary>December's vouchers: salaries and a consultant on the grant's objects, and a row on an object the grants do not use.</summary>
    private static readonly string[] December =
    [
        Ver(90001, "20231204", "9916", "GNV-02", "5011", "182000.00"),
        Ver(90002, "20231206", "9917", "GNV-11", "6420", "96500.00"),
        Ver(90003, "20231211", "9943", "GNV-17", "5011", "41000.00"),
        Ver(90004, "20231212", "8450", null, "6110", "12000.00"),
    ];

    private static string Ver(int number, string date, string costObject, string? project, string account, string amount) =>
        $"#VER A {number} {date} \"December {number}\"\r\n{{\r\n   #TRANS {account} {{1 \"410\" {(project is null ? "" : $"6 \"{project}\" ")}21 \"{costObject}\"}} {amount}\r\n   #TRANS 2440 {{}} -{amount}\r\n}}";

    /// <summary>The year so far: the demo's file (its head says #RAR 0 20230101 20231231) with December's vouchers after November's.</summary>
    private string YearToDate(string name, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(_ledger, SieEncoding.Cp437);
        text = (edit?.Invoke(text) ?? text).TrimEnd() + "\r\n" + string.Join("\r\n", December) + "\r\n";
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, SieEncoding.Cp437);
        return path;
    }

    private Task<(int Entries, long Ore, int Totals, int TieOuts)> StateAsync(int month) => _db.WithContextAsync(async db =>
    {
        var ym = new YearMonth(2023, month);
        var entries = await db.LedgerEntries.Where(e => e.Month == ym).Select(e => new { e.Id, e.Amount }).ToListAsync();
        return (entries.Count, entries.Sum(e => Money.ToOre(e.Amount)) + entries.Sum(e => e.Id),
            await db.LedgerMonthTotals.CountAsync(t => t.Month == ym), await db.LedgerMonthTieOuts.CountAsync(t => t.Month == ym));
    });

    [Fact]
    public async Task A_year_to_date_SIE_whose_closed_months_are_unchanged_imports_and_changes_only_the_open_months()
    {
        var closedBefore = new List<(int, long, int, int)>();
        for (var month = 1; month <= 10; month++)
        {
            closedBefore.Add(await StateAsync(month));
        }
        var novemberBefore = await StateAsync(11);

        var result = await ImportAsync(YearToDate("huvudbok-2023-01-12.se"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(ImportStatus.Importerad, result.Status);
        Assert.Equal(["2023-11", "2023-12"], result.Months);
        Assert.Equal(Enumerable.Range(1, 10).Select(m => $"2023-{m:00}"), result.ClosedMonthsKept);
        Assert.Contains("De stängda månaderna 2023-01–2023-10 är oförändrade i filen och lämnades som de är; bara 2023-11–2023-12 importerades.", result.Message);
        // The closed months keep their very rows (same ids), totals and tie-outs; November is replaced by the file's rows; December is new.
        for (var month = 1; month <= 10; month++)
        {
            Assert.Equal(closedBefore[month - 1], await StateAsync(month));
        }
        var november = await StateAsync(11);
        Assert.Equal(novemberBefore.Entries, november.Entries);
        Assert.NotEqual(novemberBefore.Ore, november.Ore);
        var december = await StateAsync(12);
        Assert.Equal(3, december.Entries);
        Assert.Equal(result.RowsStored, november.Entries + december.Entries);
        Assert.Equal(novemberBefore.Entries, result.RowsReplaced);
        // The totals the pages read still equal the rows, to the öre.
        Assert.Empty(await _db.WithContextAsync(db => LedgerTotals.VerifyAsync(db, CancellationToken.None)));
    }

    [Fact]
    public async Task A_year_to_date_SIE_that_changes_a_closed_month_is_refused_per_month_with_the_two_ways_forward_and_changes_nothing()
    {
        var before = await _db.WithContextAsync(db => db.LedgerEntries.CountAsync());
        // A March voucher corrected in the ledger after March was closed: its amount is not what was booked.
        var path = YearToDate("huvudbok-andrad-mars.se", text =>
        {
            var at = text.IndexOf("#VER A ", text.IndexOf(" 202303", StringComparison.Ordinal) - 12, StringComparison.Ordinal);
            var trans = text.IndexOf("#TRANS ", at, StringComparison.Ordinal);
            var end = text.IndexOf("\r\n", trans, StringComparison.Ordinal);
            var line = text[trans..end];
            var amount = line[(line.LastIndexOf(' ') + 1)..];
            var changed = (decimal.Parse(amount, CultureInfo.InvariantCulture) + 1000m).ToString("0.00", CultureInfo.InvariantCulture);
            var counter = text.IndexOf("-" + amount, end, StringComparison.Ordinal);
            return text[..trans] + line[..(line.LastIndexOf(' ') + 1)] + changed + text[end..counter] + "-" + changed + text[(counter + amount.Length + 1)..];
        });

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.StartsWith("Filen skulle ändra 1 stängd månad: 2023-03. En import ändrar aldrig en stängd månad, så inget är importerat och inget är sparat.", result.Message);
        Assert.Contains("2023-01–2023-02, 2023-04–2023-10 är stängda men oförändrade i filen och hindrar inte importen.", result.Message);
        Assert.Contains("Två vägar framåt: exportera året hittills ur huvudboken", result.Message);
        Assert.Contains("öppna den igen med en motivering under Avstämning", result.Message);
        var march = Assert.Single(result.Errors);
        Assert.Equal("2023-03", march.Field);
        Assert.Matches(@"^Stängd\. Bokfört nu: \d+ rader, [\d ]+(,\d+)? kr\. I filen: \d+ rader, [\d ]+(,\d+)? kr\.$", march.Message.Replace('\u00a0', ' '));
        var change = result.MonthChanges.Single(m => m.Month == "2023-03");
        Assert.Equal(change.AmountBefore + 1000m, change.AmountAfter);
        Assert.Equal("1 stängd månad skulle ändras", result.RefusalReason);
        Assert.Equal(0, result.RowsStored);
        Assert.Equal(before, await _db.WithContextAsync(db => db.LedgerEntries.CountAsync()));
        Assert.Equal(ImportStatus.Avvisad, await _db.WithContextAsync(db => db.LedgerImports.OrderByDescending(i => i.Id).Select(i => i.Status).FirstAsync()));
    }

    [Fact]
    public async Task A_SIE_with_only_Decembers_vouchers_and_the_whole_year_in_RAR_is_refused_saying_it_covers_only_some_months()
    {
        var path = Path.Combine(_dir, "december.se");
        File.WriteAllText(path, "#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#RAR 0 20230101 20231231\r\n#DIM 1 \"Ansvar\"\r\n#DIM 6 \"Projekt\"\r\n#DIM 21 \"Objekt\"\r\n"
            + string.Join("\r\n", December) + "\r\n", SieEncoding.Cp437);
        var before = await _db.WithContextAsync(db => db.LedgerEntries.CountAsync());

        var result = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.StartsWith("Filen skulle ändra 10 stängda månader: 2023-01–2023-10.", result.Message);
        Assert.Contains("Filen har verifikationer på bevakade objekt bara för 2023-12, men dess räkenskapsår (#RAR) omfattar 2023-01–2023-12: " +
                        "för 2023-01–2023-10 skulle importen tömma det som är bokfört.", result.Message);
        Assert.Equal(10, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.EndsWith("I filen: 0 rader, 0 kr.", e.Message.Replace('\u00a0', ' ')));
        Assert.Equal(before, await _db.WithContextAsync(db => db.LedgerEntries.CountAsync()));
    }

    [Fact]
    public async Task A_CSV_follows_the_same_rule_December_alone_imports_the_year_so_far_keeps_the_closed_months_and_a_changed_closed_month_is_refused()
    {
        // The stored rows of January–November as a CSV export with the default headers, project codes included.
        var rows = await _db.WithContextAsync(db => db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new { e.VoucherSeries, e.VoucherNumber, e.VoucherDate, e.Account, e.CostCentre, e.CostObject, e.Amount, e.Text, e.Project }).ToListAsync());
        string Line(string voucher, DateOnly date, string account, string? centre, string costObject, decimal amount, string? text, string? project) =>
            $"{voucher};{date:yyyy-MM-dd};{account};{centre};{costObject};{amount.ToString("0.00", CultureInfo.GetCultureInfo("sv-SE")).Replace("\u00a0", "")};{text?.Replace(";", ",")};{project}";
        var header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text;Projekt";
        var december = new[] { Line("A 90001", new DateOnly(2023, 12, 4), "5011", "410", "9916", 182_000m, "Lön december", "GNV-02") };
        string Csv(string name, IEnumerable<string> lines)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, string.Join("\r\n", new[] { header }.Concat(lines)) + "\r\n", new UTF8Encoding(false));
            return path;
        }
        var yearSoFar = rows.Select(r => Line($"{r.VoucherSeries} {r.VoucherNumber}".Trim(), r.VoucherDate, r.Account, r.CostCentre, r.CostObject, r.Amount, r.Text, r.Project)).ToList();
        var mapping = await _db.SendAsync(new SaveColumnMappingCommand(null, 0, new ColumnMappingDetails("Med projekt", "Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text", "Projekt")));
        Assert.True(mapping.Succeeded);

        var onlyDecember = await _db.SendAsync(new ImportLedgerFileCommand(Csv("december.csv", december), "december.csv", ColumnMapping: "Med projekt"));
        Assert.True(onlyDecember.Succeeded, onlyDecember.Message);
        Assert.Equal(["2023-12"], onlyDecember.Months);

        var whole = await _db.SendAsync(new ImportLedgerFileCommand(Csv("ar-hittills.csv", yearSoFar.Concat(december)), "ar-hittills.csv", ColumnMapping: "Med projekt"));
        Assert.True(whole.Succeeded, whole.Message);
        Assert.Equal(Enumerable.Range(1, 10).Select(m => $"2023-{m:00}"), whole.ClosedMonthsKept);
        Assert.Equal(["2023-11", "2023-12"], whole.Months);

        var changed = yearSoFar.ToList();
        var firstMarch = changed.FindIndex(l => l.Contains(";2023-03-", StringComparison.Ordinal));
        changed.RemoveAt(firstMarch);
        var refused = await _db.SendAsync(new ImportLedgerFileCommand(Csv("utan-en-marsrad.csv", changed.Concat(december)), "utan-en-marsrad.csv", ColumnMapping: "Med projekt"));
        Assert.Equal(ImportStatus.Avvisad, refused.Status);
        Assert.StartsWith("Filen skulle ändra 1 stängd månad: 2023-03.", refused.Message);
        Assert.Empty(await _db.WithContextAsync(db => LedgerTotals.VerifyAsync(db, CancellationToken.None)));
    }

    [Fact]
    public async Task An_Excel_export_of_the_year_so_far_keeps_the_closed_months_and_one_with_a_closed_month_changed_is_refused()
    {
        var rows = await _db.WithContextAsync(db => db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new { Voucher = e.VoucherSeries + " " + e.VoucherNumber, e.VoucherDate, e.Account, e.CostCentre, e.CostObject, e.Amount, e.Text, e.Project })
            .ToListAsync());
        var mapping = await _db.SendAsync(new SaveColumnMappingCommand(null, 0,
            new ColumnMappingDetails("Med projekt", "Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text", "Projekt")));
        Assert.True(mapping.Succeeded);
        string Workbook(string name, bool changeMarch)
        {
            var path = Path.Combine(_dir, name);
            using var workbook = new ClosedXML.Excel.XLWorkbook();
            var sheet = workbook.Worksheets.Add("Huvudbok");
            string[] header = ["Verifikation", "Datum", "Konto", "Ansvar", "Objekt", "Belopp", "Text", "Projekt"];
            for (var c = 0; c < header.Length; c++)
            {
                sheet.Cell(1, c + 1).Value = header[c];
            }
            var all = rows.Select(r => (Voucher: r.Voucher, VoucherDate: r.VoucherDate, Account: r.Account, CostCentre: r.CostCentre, CostObject: r.CostObject,
                    Amount: r.Amount, Text: r.Text, Project: r.Project))
                .Append((Voucher: "A 90001", VoucherDate: new DateOnly(2023, 12, 4), Account: "5011", CostCentre: (string?)"410", CostObject: "9916",
                    Amount: 182_000m, Text: (string?)"Lön december", Project: (string?)"GNV-02")).ToList();
            var march = all.FindIndex(r => r.VoucherDate.Month == 3);
            for (var i = 0; i < all.Count; i++)
            {
                var r = all[i];
                var row = i + 2;
                sheet.Cell(row, 1).Value = r.Voucher.Trim();
                sheet.Cell(row, 2).Value = r.VoucherDate.ToDateTime(TimeOnly.MinValue);
                sheet.Cell(row, 3).Value = r.Account;
                sheet.Cell(row, 4).Value = r.CostCentre;
                sheet.Cell(row, 5).Value = r.CostObject;
                sheet.Cell(row, 6).Value = changeMarch && i == march ? r.Amount + 1m : r.Amount;
                sheet.Cell(row, 7).Value = r.Text;
                sheet.Cell(row, 8).Value = r.Project;
            }
            workbook.SaveAs(path);
            return path;
        }

        var taken = await _db.SendAsync(new ImportLedgerFileCommand(Workbook("ar-hittills.xlsx", false), "ar-hittills.xlsx", ColumnMapping: "Med projekt"));
        Assert.True(taken.Succeeded, taken.Message);
        Assert.Equal(Enumerable.Range(1, 10).Select(m => $"2023-{m:00}"), taken.ClosedMonthsKept);
        Assert.Equal(["2023-11", "2023-12"], taken.Months);

        var refused = await _db.SendAsync(new ImportLedgerFileCommand(Workbook("andrad-mars.xlsx", true), "andrad-mars.xlsx", ColumnMapping: "Med projekt"));
        Assert.Equal(ImportStatus.Avvisad, refused.Status);
        Assert.StartsWith("Filen skulle ändra 1 stängd månad: 2023-03.", refused.Message);
        Assert.Empty(await _db.WithContextAsync(db => LedgerTotals.VerifyAsync(db, CancellationToken.None)));
    }
}
