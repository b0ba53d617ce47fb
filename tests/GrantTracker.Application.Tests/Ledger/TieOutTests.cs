using System.Text;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Ledger;

/// <summary>
/// The ledger's controls (issue 23, ADR 21): a SIE file's #PSALDO, the ledger's balance report, the Ekonom's confirmation; a month is
/// closed only when tied out; identical rows are shown for confirmation; a re-imported file is unchanged only when its months hold it.
/// </summary>
public sealed class TieOutTests : IAsyncLifetime
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-tieout-tests", Guid.NewGuid().ToString("N"));
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

    private string Sie(string name, string[] balances, params string[] vouchers) => Write(name,
        "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20230101 20231231\n#DIM 20 \"Objekt\"\n#DIM 6 \"Projekt\"\n"
        + string.Join("\n", balances) + (balances.Length > 0 ? "\n" : "") + string.Join("\n", vouchers) + "\n");

    private static string Ver(int number, string date, params string[] trans) =>
        $"#VER \"A\" \"{number}\" {date} \"Test\"\n{{\n" + string.Join("\n", trans.Select(t => "#TRANS " + t)) + "\n}";

    private string Csv(string name, params string[] lines) => Write(name, string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n");

    private Task<LedgerImportResult> ImportAsync(string path, bool allowDuplicates = false, string? control = null) =>
        _db.SendAsync(new ImportLedgerFileCommand(path, Path.GetFileName(path), AllowDuplicates: allowDuplicates, ControlFile: control));

    private static string Text(LedgerImportResult r) => r.Message + " | " + string.Join(" | ", r.Errors);

    private async Task<MonthTieOut> MonthAsync(int month) =>
        (await _db.SendAsync(new GetMonthTieOutsQuery("gnv2023", 2023)))!.Single(m => m.Month == new YearMonth(2023, month));

    /// <summary>Everything the controls guard, as text: a refusal must leave it exactly as it was.</summary>
    private Task<string> StateAsync() => _db.WithContextAsync(async db =>
        string.Join("\n", (await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync()).Select(e => $"{e.Id}|{e.Month}|{e.Account}|{e.Amount}|{e.CostObject}|{e.Project}"))
        + "\n--\n" + string.Join("\n", (await db.LedgerMonthTieOuts.AsNoTracking().OrderBy(t => t.Id).ToListAsync())
            .Select(t => $"{t.Source}|{t.Month}|{t.CostObject}|{t.Rows}|{t.Amount}|{t.Method}|{t.TiedOutBy}")));

    /// <summary>January on 9916 and 9917, February on 9916; #PSALDO for January only.</summary>
    private static readonly string[] JanuaryBalances =
    [
        "#PSALDO 0 202301 5010 {20 \"9916\"} 1000.00",
        "#PSALDO 0 202301 6110 {20 \"9917\"} 400.00",
        "#PSALDO 0 202301 2440 {} -1400.00",
        "#PSALDO 0 202301 5010 {} 1000.00",
        "#PSALDO 0 202301 6110 {} 400.00",
    ];

    private static string[] Vouchers(decimal januaryAmount = 1000m) =>
    [
        Ver(1, "20230110", $"5010 {{20 \"9916\"}} {januaryAmount:0.00}".Replace(',', '.'), $"2440 {{}} -{januaryAmount:0.00}".Replace(',', '.')),
        Ver(2, "20230120", "6110 {20 \"9917\"} 400.00", "2440 {} -400.00"),
        Ver(3, "20230210", "5010 {20 \"9916\"} 250.00", "2440 {} -250.00"),
    ];

    [Fact]
    public async Task A_SIE_file_that_adds_up_to_its_PSALDO_is_imported_and_ties_out_the_months_the_PSALDO_covers()
    {
        var result = await ImportAsync(Sie("psaldo.se", JanuaryBalances, Vouchers()));

        Assert.True(result.Succeeded, Text(result));
        Assert.Contains("avstämda mot huvudbokens saldo", result.Message);
        var january = await MonthAsync(1);
        Assert.True(january.TiedOut);
        Assert.Equal(1400m, january.Amount);
        Assert.Equal("#PSALDO i psaldo.se", january.How);
        // February has rows but no period balance in the file: not tied out, and the objects are named.
        var february = await MonthAsync(2);
        Assert.False(february.TiedOut);
        Assert.Contains("9916", february.How);
    }

    [Fact]
    public async Task Period_balances_after_the_vouchers_are_not_checked_and_tie_out_nothing()
    {
        // SIE puts #PSALDO before the vouchers; rows read before a balance were not summed for it, so it cannot tie out the month.
        var path = Write("sent.se", "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20230101 20231231\n#DIM 20 \"Objekt\"\n"
            + string.Join("\n", Vouchers()) + "\n" + string.Join("\n", JanuaryBalances) + "\n");

        var result = await ImportAsync(path);

        Assert.True(result.Succeeded, Text(result));
        Assert.False((await MonthAsync(1)).TiedOut);
    }

    [Fact]
    public async Task A_SIE_file_edited_against_its_PSALDO_is_refused_naming_account_object_and_month_and_nothing_is_written()
    {
        Assert.True((await ImportAsync(Sie("forst.se", [], Vouchers()))).Succeeded);
        var before = await StateAsync();

        // One amount raised by 1 kr, the voucher still balancing: only the period balances can tell.
        var result = await ImportAsync(Sie("andrad.se", JanuaryBalances, Vouchers(1001m)));

        Assert.Equal(ImportStatus.Avvisad, result.Status);
        Assert.Contains("#PSALDO", result.Message);
        Assert.Contains(result.Errors, e => e.Message.Contains("Konto 5010, objekt 9916, 2023-01") && e.Message.Contains("1\u00A0001\u00A0kr") && e.Message.Contains("1\u00A0000\u00A0kr"));
        Assert.Contains(result.Errors, e => e.Message.Contains("Konto 2440 (alla objekt), 2023-01"));
        Assert.Equal(before, await StateAsync());
        Assert.False((await MonthAsync(1)).TiedOut);
    }

    [Fact]
    public async Task A_month_is_closed_only_when_tied_out_and_a_new_import_of_it_unties_it()
    {
        Assert.True((await ImportAsync(Sie("utan.se", [], Vouchers()))).Succeeded);
        var january = new YearMonth(2023, 1);

        var refused = await _db.SendAsync(new CloseMonthCommand("gnv2023", january));
        Assert.False(refused.Succeeded);
        Assert.Contains("inte avstämda mot huvudbokens saldo", refused.Errors[0].Message);
        Assert.Contains("saldolista (Objekt;Månad;Belopp)", refused.Errors[0].Message);
        Assert.Contains("#PSALDO", refused.Errors[0].Message);
        Assert.Contains("bekräfta summorna", refused.Errors[0].Message);

        // A confirmation of totals the page showed before they changed is refused.
        var stale = await _db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", january, ShownAmount: 999m));
        Assert.False(stale.Succeeded);
        Assert.Contains("har ändrats sedan sidan visades", stale.Errors[0].Message);

        Assert.True((await _db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", january, 1400m, 2))).Succeeded);
        var confirmed = await MonthAsync(1);
        Assert.True(confirmed.TiedOut);
        Assert.Equal("bekräftad av test@demo.local, " + SwedishFormat.DateTime(_db.Clock.GetUtcNow().UtcDateTime), confirmed.How);
        // The confirmation is in the audit trail, as every save.
        Assert.True(await _db.WithContextAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(LedgerMonthTieOut))));

        // Another file for the months: January's totals change, and the confirmation no longer counts.
        Assert.True((await ImportAsync(Sie("ny.se", [], Vouchers(1200m)))).Succeeded);
        Assert.False((await MonthAsync(1)).TiedOut);
        Assert.False((await _db.SendAsync(new CloseMonthCommand("gnv2023", january))).Succeeded);

        Assert.True((await _db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", january))).Succeeded);
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", january))).Succeeded);
    }

    [Fact]
    public async Task The_balance_report_ties_out_to_the_ore_and_a_difference_ties_out_nothing()
    {
        Assert.True((await ImportAsync(Sie("utan.se", [], Vouchers()))).Succeeded);
        var before = await StateAsync();

        var wrong = await _db.SendAsync(new TieOutWithBalanceReportCommand(Encoding.UTF8.GetBytes(
            "Objekt;Månad;Belopp\n9916;2023-01;1 000,01\n9917;2023-01;400,00\n9942;2023-01;0\n9943;2023-01;0\n"), "saldo.csv"));
        Assert.False(wrong.Succeeded);
        Assert.Contains(wrong.Errors, e => e.Message.Contains("Objekt 9916, 2023-01") && e.Message.Contains("1\u00A0000,01\u00A0kr"));
        Assert.Equal(before, await StateAsync());

        var malformed = await _db.SendAsync(new TieOutWithBalanceReportCommand(Encoding.UTF8.GetBytes("Objekt;Belopp\n9916;1000\n"), "fel.csv"));
        Assert.False(malformed.Succeeded);
        Assert.Contains("Objekt;Månad;Belopp", malformed.Errors[0].Message);

        var right = await _db.SendAsync(new TieOutWithBalanceReportCommand(Encoding.UTF8.GetBytes(
            "\uFEFFObjekt;Månad;Belopp\r\n9916;2023-01;1 000,00\r\n9917;202301;400\r\n9942;2023-01;0\r\n9943;2023-01;0,00\r\n9999;2023-01;5\r\n"), "saldo.csv"));
        Assert.True(right.Succeeded, string.Join(" ", right.Errors.Select(e => e.Message)));
        Assert.Contains("4 objekt och månader är avstämda", right.Value);
        Assert.Contains("1 rad på objekt som ingen överenskommelse bevakar", right.Value);
        var january = await MonthAsync(1);
        Assert.True(january.TiedOut);
        Assert.StartsWith("saldolista saldo.csv", january.How);
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", new YearMonth(2023, 1)))).Succeeded);
    }

    [Fact]
    public async Task A_balance_report_given_with_a_CSV_checks_the_file_and_ties_out_its_months()
    {
        var control = Write("saldo.csv", "Objekt;Månad;Belopp\n9916;2023-03;1 250,50\n9917;2023-03;0\n9942;2023-03;0\n9943;2023-03;0\n");
        var edited = Csv("mars.csv", "A 1;2023-03-05;5010;410;9916;1 000,00;Lön", "A 2;2023-03-15;6110;410;9916;251,50;Material");
        var before = await StateAsync();

        var refused = await ImportAsync(edited, control: control);

        Assert.Equal(ImportStatus.Avvisad, refused.Status);
        Assert.Contains("saldolistan saldo.csv", refused.Message);
        Assert.Contains(refused.Errors, e => e.ToString().Contains("Objekt 9916, 2023-03") && e.Message.Contains("1\u00A0251,50\u00A0kr"));
        Assert.Equal(before, await StateAsync());

        var good = Csv("mars2.csv", "A 1;2023-03-05;5010;410;9916;1 000,00;Lön", "A 2;2023-03-15;6110;410;9916;250,50;Material");
        var imported = await ImportAsync(good, control: control);
        Assert.True(imported.Succeeded, Text(imported));
        Assert.True((await MonthAsync(3)).TiedOut);
        Assert.StartsWith("saldolista saldo.csv", (await MonthAsync(3)).How);
    }

    [Fact]
    public async Task Identical_rows_are_shown_for_confirmation_and_imported_when_confirmed()
    {
        var path = Csv("dubbel.csv",
            "A 1;2023-03-05;5010;410;9916;1 000,00;Lön",
            "A 1;2023-03-05;5010;410;9916;1 000,00;Lön",
            "A 2;2023-03-15;6110;410;9916;250,50;Material");
        var before = await StateAsync();

        var warned = await ImportAsync(path);

        Assert.Equal(ImportStatus.Avvisad, warned.Status);
        Assert.True(warned.NeedsConfirmation);
        Assert.Contains("1 rad som är likadan", warned.Message);
        var duplicate = Assert.Single(warned.Duplicates);
        Assert.Equal((3, 2, "A 1", "5010", "9916", 1000m), (duplicate.Line, duplicate.FirstLine, duplicate.Voucher, duplicate.Account, duplicate.CostObject, duplicate.Amount));
        Assert.Equal(before, await StateAsync());

        // A voucher's rows may be spread over a CSV: a row repeated further down, under its voucher, is found too.
        var spread = await ImportAsync(Csv("utspridd.csv",
            "A 1;2023-03-05;5010;410;9916;1 000,00;Lön", "A 1;2023-03-05;6110;410;9916;20,00;Porto",
            "A 2;2023-03-15;6110;410;9916;250,50;Material", "A 1;2023-03-05;5010;410;9916;1 000,00;Lön"));
        Assert.True(spread.NeedsConfirmation, Text(spread));
        Assert.Equal((5, 2), (spread.Duplicates.Single().Line, spread.Duplicates.Single().FirstLine));

        var confirmed = await ImportAsync(path, allowDuplicates: true);
        Assert.True(confirmed.Succeeded, Text(confirmed));
        Assert.Equal(3, confirmed.RowsStored);
    }

    [Fact]
    public async Task Identical_rows_within_a_SIE_voucher_are_shown_for_confirmation()
    {
        var path = Sie("dubbel.se", [], Ver(1, "20230110", "5010 {20 \"9916\"} 100.00", "5010 {20 \"9916\"} 100.00", "2440 {} -200.00"),
            Ver(2, "20230111", "5010 {20 \"9916\"} 100.00", "2440 {} -100.00"));

        var warned = await ImportAsync(path);

        Assert.True(warned.NeedsConfirmation, Text(warned));
        // Voucher 2's row is the same amount on the same account, but another voucher: not a duplicate.
        Assert.Equal((9, 8, "A 1"), (warned.Duplicates.Single().Line, warned.Duplicates.Single().FirstLine, warned.Duplicates.Single().Voucher));
        Assert.True((await ImportAsync(path, allowDuplicates: true)).Succeeded);
    }

    [Fact]
    public async Task A_SIE_file_imported_again_after_two_CSVs_replaced_its_months_restores_its_state()
    {
        var sie = Sie("2023.se", [],
            Ver(1, "20230110", "5010 {20 \"9917\" 6 \"VUB\"} 1000.00", "2440 {} -1000.00"),
            Ver(2, "20230710", "6110 {20 \"9917\" 6 \"KAR\"} 500.00", "2440 {} -500.00"));
        Assert.True((await ImportAsync(sie)).Succeeded);
        var sieState = await TotalsAsync();

        // The same amounts without project codes, in two files: every month of the SIE that has rows is replaced.
        var first = await ImportAsync(Csv("h1.csv", "A 1;2023-01-10;5010;410;9917;1 000,00;Test"));
        Assert.True(first.Succeeded, Text(first));
        var second = await ImportAsync(Csv("h2.csv", "A 2;2023-07-10;6110;410;9917;500,00;Test"));
        Assert.True(second.Succeeded, Text(second));
        Assert.NotEqual(sieState, await TotalsAsync());

        var again = await ImportAsync(sie);

        Assert.True(again.Status == ImportStatus.Importerad, Text(again));
        Assert.DoesNotContain("redan importerad", again.Message);
        Assert.Equal(sieState, await TotalsAsync());

        // Now the months hold what the file holds: a third time is unchanged, and nothing is written.
        var third = await ImportAsync(sie);
        Assert.Equal(ImportStatus.Oforandrad, third.Status);
        Assert.Contains("redan importerad", third.Message);
        Assert.Equal(sieState, await TotalsAsync());
    }

    private Task<string> TotalsAsync() => _db.WithContextAsync(async db =>
        string.Join("\n", (await db.LedgerMonthTotals.AsNoTracking().ToListAsync())
            .OrderBy(t => t.Month).ThenBy(t => t.CostObject).ThenBy(t => t.AccountNumber).ThenBy(t => t.Project)
            .Select(t => $"{t.Source}|{t.Month}|{t.CostObject}|{t.AccountNumber}|{t.Project}|{t.Rows}|{t.Amount}")));
}
