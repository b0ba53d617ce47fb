using System.Text;
using GrantTracker.Application.Features.Activities;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Imports;
using GrantTracker.Application.Imports.Sie;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using GrantTracker.Domain.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Reconciliation;

/// <summary>
/// A ledger built in the test with known sums, imported through the real importer into a real SQLite file,
/// reconciled through the use cases: every figure to the öre.
/// </summary>
public sealed class ReconciliationTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-reconciliation-tests", Guid.NewGuid().ToString("N"));
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

    /// <summary>A SIE 4 file with objects on dimension 20 ("Objekt") and project codes on dimension 6.</summary>
    private string Sie(string name, int year, params string[] vouchers)
    {
        var text = new StringBuilder();
        text.Append("#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM \"Test\" 1\n");
        text.Append($"#RAR 0 {year}0101 {year}1231\n#DIM 20 \"Objekt\"\n#DIM 6 \"Projekt\"\n");
        foreach (var v in vouchers)
        {
            text.Append(v).Append('\n');
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    private static string Ver(string number, string date, params string[] trans) =>
        $"#VER \"A\" \"{number}\" {date} \"Test\"\n{{\n" + string.Join("\n", trans.Select(t => "#TRANS " + t)) + "\n}";

    private async Task ImportAsync(string path, bool allowShrink = false)
    {
        var result = await _db.SendAsync(new ImportLedgerFileCommand(path, Path.GetFileName(path), AllowShrink: allowShrink));
        Assert.True(result.Succeeded, result.Message + string.Join("; ", result.Errors.Select(e => e.ToString())));
    }

    private Task<ReconciliationResult?> ReconcileAsync(string code, string month) =>
        _db.SendAsync(new ReconcileQuery(code, YearMonth.Parse(month)));

    private async Task<int> AddActivityAsync(string lineCode, string project, bool approved, DateOnly? end = null)
    {
        return await _db.WithContextAsync(async db =>
        {
            var agreement = await db.Agreements.SingleAsync(a => a.Code == "gnv2023");
            var line = await db.AllocationLines.SingleAsync(l => l.AgreementId == agreement.Id && l.Code == lineCode);
            var number = 900 + await db.Activities.CountAsync();
            var activity = Activity.FromSeed(agreement.Id, number, new ActivityLine(line.Id, line.AreaId, line.CostObjectCode), line.CostObjectCode, null,
                null, $"Insats {project}", null, 10_000m, 2023, null);
            Assert.True(activity.SetProjectCode(project).Succeeded);
            if (approved)
            {
                ReadyForDecision.Prepare(activity, 2023);
                var approve = activity.Approve(new DateOnly(2023, 1, 5), "RS/1/2023", null, DateTime.UtcNow, "test");
                Assert.True(approve.Succeeded, string.Join("; ", approve.Errors.Select(e => e.Message)));
            }
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            if (end is { } endDate)
            {
                await db.Database.ExecuteSqlRawAsync("UPDATE \"Activities\" SET \"EndDate\" = {0} WHERE \"Id\" = {1}", endDate.ToString("yyyy-MM-dd"), activity.Id);
            }
            return activity.Id;
        });
    }

    /// <summary>God och nära vård 2023, January–March, with every kind of row.</summary>
    private async Task ImportFirstQuarterAsync()
    {
        await AddActivityAsync("2.2.b", "VUB", approved: false);
        await AddActivityAsync("2.2.c", "KAR", approved: true);
        await ImportAsync(Sie("2023.se", 2023,
            Ver("1", "20230110", "5010 {20 \"9916\"} 10000.50", "2440 {} -10000.50"),
            Ver("2", "20230215", "5010 {20 \"9916\"} 5000.25", "2440 {} -5000.25"),
            Ver("3", "20230220", "6110 {20 \"9917\"} 3000.00", "6110 {20 \"9917\" 6 \"VUB\"} 2000.00", "6110 {20 \"9917\" 6 \"KAR\"} 1500", "2440 {} -6500"),
            Ver("4", "20230305", "1220 {20 \"9942\"} 50000", "7832 {20 \"9942\"} 1000", "2440 {} -51000"),
            Ver("5", "20230310", "3510 {20 \"9916\"} -20000", "2970 {20 \"9916\"} 20000"),
            Ver("6", "20230315", "6110 {20 \"9943\"} 2000000", "2440 {} -2000000")));
    }

    private static ReconciledLine Line(ReconciliationResult r, string code) => r.Lines.Single(l => l.Code == code);

    [Fact]
    public async Task A_ledger_with_known_sums_reconciles_to_the_ore_per_line()
    {
        await ImportFirstQuarterAsync();

        var r = (await ReconcileAsync("gnv2023", "2023-03"))!;

        Assert.Equal(2023, r.Year);
        Assert.Equal(15_000.75m, Line(r, "2.1").Figures.BookedToDate);
        Assert.Equal(0m, Line(r, "2.1").Figures.BookedInMonth);
        Assert.Equal(41_247_254m - 15_000.75m, Line(r, "2.1").Figures.Remaining);
        Assert.Equal(2, Line(r, "2.1").Rows);
        // 9917 holds three sub-areas: rows without a project fall to the main one, the project code picks the others.
        Assert.Equal(3_000m, Line(r, "2.2.a").Figures.BookedToDate);
        Assert.Equal(2_000m, Line(r, "2.2.b").Figures.BookedToDate);
        Assert.Equal(1_500m, Line(r, "2.2.c").Figures.BookedToDate);
        Assert.Equal("Vidareutbildning för sjuksköterskor", Line(r, "2.2.b").SubAreaName);
        Assert.Equal("2.2", Line(r, "2.2.b").AreaCode);
        // Depreciation is a cost; the investment itself is not.
        Assert.Equal(1_000m, Line(r, "2.3").Figures.BookedToDate);
        Assert.Equal(2_000_000m, Line(r, "2.4").Figures.BookedToDate);
        Assert.Equal(LineStatus.Over, Line(r, "2.4").Status);
        Assert.Equal(2_022_500.75m, r.Totals.Booked);
        Assert.Equal(75_422_690m, r.Totals.Allocated);
        Assert.Equal(-20_000m, r.Income);
        Assert.Equal(20_000m, r.OtherBalance);
        // Activity budgets: decided and planned apart. VUB on 2.2.b is a draft, KAR on 2.2.c decided; the seed's 24 mkr
        // on 2.1 is a draft, so line 2.1 has nothing decided against its allocation.
        Assert.Equal((0m, 10_000m), (Line(r, "2.2.b").Figures.DecidedBudgets, Line(r, "2.2.b").Figures.PlannedBudgets));
        Assert.Equal((10_000m, 0m), (Line(r, "2.2.c").Figures.DecidedBudgets, Line(r, "2.2.c").Figures.PlannedBudgets));
        Assert.Equal((0m, 24_000_000m), (Line(r, "2.1").Figures.DecidedBudgets, Line(r, "2.1").Figures.PlannedBudgets));
        Assert.False(Line(r, "2.1").Figures.DecidedOverAllocation);
        Assert.Equal(10_000m, r.Totals.DecidedBudgets);

        var february = (await ReconcileAsync("gnv2023", "2023-02"))!;
        Assert.Equal(5_000.25m, Line(february, "2.1").Figures.BookedInMonth);
        Assert.Equal(15_000.75m, Line(february, "2.1").Figures.BookedToDate);
        Assert.Equal([10_000.50m, 15_000.75m], Line(february, "2.1").Cumulative);
        Assert.Equal(0m, Line(february, "2.4").Figures.BookedToDate);
    }

    [Fact]
    public async Task Investments_overspending_and_unapproved_activities_are_exceptions_with_their_rows()
    {
        await ImportFirstQuarterAsync();

        var r = (await ReconcileAsync("gnv2023", "2023-03"))!;

        var investment = r.Exceptions.Single(e => e.Kind == ExceptionKind.Investment);
        Assert.Equal(("9942", 50_000m, 1L), (investment.CostObject, investment.Amount, investment.Rows));
        var over = r.Exceptions.Single(e => e.Kind == ExceptionKind.Overspent);
        Assert.Equal(("2.4", 2_000_000m - 1_438_690m), (over.Key, over.Amount));
        var activity = r.Exceptions.Single(e => e.Kind == ExceptionKind.Activity);
        Assert.Equal(("VUB", 2_000m, 1L), (activity.Key, activity.Amount, activity.Rows));
        Assert.Equal(3, r.Exceptions.Count);

        var rows = (await _db.SendAsync(new ListReconciliationRowsQuery("gnv2023", r.Through, Kind: ExceptionKind.Investment, Key: "9942")))!;
        Assert.Equal((1L, 50_000m), (rows.RuleRows, rows.Sum));
        Assert.Equal("1220", rows.Rows.Single().Account);
    }

    [Fact]
    public async Task A_ring_fenced_line_booked_above_its_amount_is_its_own_exception()
    {
        await AddActivityAsync("2.2.c", "KAR", approved: true);
        await ImportAsync(Sie("2023.se", 2023, Ver("1", "20230410", "6110 {20 \"9917\" 6 \"KAR\"} 1259986.01", "2440 {} -1259986.01")));

        var r = (await ReconcileAsync("gnv2023", "2023-04"))!;

        var ring = r.Exceptions.Single();
        Assert.Equal((ExceptionKind.RingFenced, "2.2.c", 0.01m), (ring.Kind, ring.Key, ring.Amount));
    }

    [Fact]
    public async Task An_activity_that_has_ended_makes_later_rows_an_exception()
    {
        await AddActivityAsync("2.2.c", "KAR", approved: true, end: new DateOnly(2023, 2, 28));
        await ImportAsync(Sie("2023.se", 2023,
            Ver("1", "20230210", "6110 {20 \"9917\" 6 \"KAR\"} 100", "2440 {} -100"),
            Ver("2", "20230310", "6110 {20 \"9917\" 6 \"KAR\"} 250", "2440 {} -250")));

        var r = (await ReconcileAsync("gnv2023", "2023-03"))!;

        var ended = r.Exceptions.Single();
        Assert.Equal((ExceptionKind.Activity, 250m, 1L), (ended.Kind, ended.Amount, ended.Rows));
        Assert.Contains("har upphört 2023-02-28", ended.Description);
    }

    [Fact]
    public async Task Object_9916_goes_to_Patientmiljarden_in_2019_and_to_God_och_nara_vard_in_2023_and_to_nobody_in_2022()
    {
        await ImportAsync(Sie("2019.se", 2019, Ver("1", "20190515", "5010 {20 \"9916\"} 7000", "2440 {} -7000")));
        await ImportAsync(Sie("2022.se", 2022, Ver("1", "20220615", "5010 {20 \"9916\"} 300", "2440 {} -300")));
        await ImportAsync(Sie("2023.se", 2023, Ver("1", "20230115", "5010 {20 \"9916\"} 900", "2440 {} -900")));

        var pm = (await ReconcileAsync("patientmiljarden", "2019-12"))!;
        var gnv = (await ReconcileAsync("gnv2023", "2023-12"))!;

        Assert.Equal(7_000m, Line(pm, "PM.1-2019").Figures.BookedToDate);
        Assert.Equal(0m, Line(pm, "PM.2-2019").Figures.BookedToDate);
        Assert.Equal(7_000m, pm.Totals.Booked);
        Assert.Equal(900m, Line(gnv, "2.1").Figures.BookedToDate);
        Assert.Equal(900m, gnv.Totals.Booked);
        // 2022 is in no period of 9916: God och nära vård, the nearest, shows it as an exception; nobody counts it.
        var outside = gnv.Exceptions.Single();
        Assert.Equal((ExceptionKind.OutsidePeriod, "9916", 300m), (outside.Kind, outside.CostObject, outside.Amount));
        Assert.Contains("2022-06", outside.Description);
        Assert.DoesNotContain(pm.Exceptions, e => e.Kind == ExceptionKind.OutsidePeriod);
    }

    [Fact]
    public async Task Rows_outside_every_period_are_found_in_the_margins_on_both_sides_and_only_there()
    {
        // 9916 is Patientmiljarden's in 2018–2020 and God och nära vård's in 2023; 9917 and 9942 are God och nära vård's in 2023 only.
        await ImportAsync(Sie("2021.se", 2021, Ver("1", "20211210", "5010 {20 \"9916\"} 70", "2440 {} -70")));
        await ImportAsync(Sie("2022.se", 2022, Ver("1", "20220310", "5010 {20 \"9917\"} 100", "2440 {} -100")));
        await ImportAsync(Sie("2023.se", 2023, Ver("1", "20230115", "5010 {20 \"9916\"} 900", "5010 {20 \"9942\"} 20", "2440 {} -920")));
        await ImportAsync(Sie("2024.se", 2024, Ver("1", "20241105", "5010 {20 \"9942\"} 40", "5010 {20 \"9943\" 6 \"P1\"} 5", "2440 {} -45")));

        var gnv = (await ReconcileAsync("gnv2023", "2023-12"))!;
        var pm = (await ReconcileAsync("patientmiljarden", "2020-12"))!;

        Assert.Equal(920m, gnv.Totals.Booked);
        var outside = gnv.Exceptions.Where(e => e.Kind == ExceptionKind.OutsidePeriod).ToList();
        Assert.Equal([("9917", 100m, 1L), ("9942", 40m, 1L), ("9943", 5m, 1L)], outside.Select(e => (e.CostObject, e.Amount, e.Rows)));
        Assert.Contains("2022-03", outside[0].Description);
        Assert.Contains("2024-11", outside[1].Description);
        // 2021-12 is within a year after Patientmiljarden's last month and more than a year before God och nära vård's first.
        var pmOutside = pm.Exceptions.Single(e => e.Kind == ExceptionKind.OutsidePeriod);
        Assert.Equal(("9916", 70m), (pmOutside.CostObject, pmOutside.Amount));
        Assert.Contains("2021-12", pmOutside.Description);

        var rows = (await _db.SendAsync(new ListReconciliationRowsQuery("gnv2023", YearMonth.Parse("2023-12"), Kind: ExceptionKind.OutsidePeriod, Key: "9942")))!;
        Assert.Equal(40m, rows.Sum);
        Assert.Equal(["2024-11"], rows.Rows.Select(r => r.Month.ToString()));
    }

    [Fact]
    public async Task Drill_down_rows_sum_to_the_figure_and_a_reassigned_row_moves_to_its_new_line()
    {
        await ImportFirstQuarterAsync();
        var r = (await ReconcileAsync("gnv2023", "2023-03"))!;
        var main = Line(r, "2.2.a");
        var rows = (await _db.SendAsync(new ListReconciliationRowsQuery("gnv2023", r.Through, LineId: main.LineId)))!;
        Assert.Equal(main.Figures.BookedToDate, rows.Sum);
        Assert.Equal(["2.2.b", "2.2.c"], rows.LineChoices.Select(c => c.Code));

        var refused = await _db.SendAsync(new ReassignRowCommand("gnv2023", rows.Rows.Single().Id, Line(r, "2.2.c").LineId, ""));
        Assert.False(refused.Succeeded);
        var moved = await _db.SendAsync(new ReassignRowCommand("gnv2023", rows.Rows.Single().Id, Line(r, "2.2.c").LineId, "Karriärtjänst enligt beslut"));
        Assert.True(moved.Succeeded);

        var after = (await ReconcileAsync("gnv2023", "2023-03"))!;
        Assert.Equal(0m, Line(after, "2.2.a").Figures.BookedToDate);
        Assert.Equal(4_500m, Line(after, "2.2.c").Figures.BookedToDate);
        Assert.Equal(r.Totals.Booked, after.Totals.Booked);
        var karRows = (await _db.SendAsync(new ListReconciliationRowsQuery("gnv2023", r.Through, LineId: Line(after, "2.2.c").LineId)))!;
        Assert.Equal(4_500m, karRows.Sum);
        Assert.Single(karRows.MovedIn);
        var mainRows = (await _db.SendAsync(new ListReconciliationRowsQuery("gnv2023", r.Through, LineId: main.LineId)))!;
        Assert.Equal(0m, mainRows.Sum);
        Assert.Equal("2.2.c", mainRows.Rows.Single().MovedTo);
        var audit = await _db.WithContextAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(RowAssignment)));
        Assert.Equal(1, audit);

        // The move survives a re-import of the same months (the rows get new ids), and can be undone. The new file has
        // only this voucher of the year, so the other months shrink: confirmed, as a user would after the preview.
        await ImportAsync(Sie("2023-again.se", 2023,
            Ver("3", "20230220", "6110 {20 \"9917\"} 3000.00", "6110 {20 \"9917\" 6 \"VUB\"} 2000.00", "6110 {20 \"9917\" 6 \"KAR\"} 1500", "2440 {} -6500")), allowShrink: true);
        Assert.Equal(4_500m, Line((await ReconcileAsync("gnv2023", "2023-03"))!, "2.2.c").Figures.BookedToDate);
        var newId = await _db.WithContextAsync(db => db.LedgerEntries.Where(e => e.Project == null && e.CostObject == "9917").Select(e => e.Id).SingleAsync());
        Assert.True((await _db.SendAsync(new RemoveRowAssignmentCommand("gnv2023", newId))).Succeeded);
        Assert.Equal(3_000m, Line((await ReconcileAsync("gnv2023", "2023-03"))!, "2.2.a").Figures.BookedToDate);
    }

    private async Task<(LedgerRowsExport Export, List<LedgerExportRow> Rows)> ExportRowsAsync(ExportLedgerRowsQuery query) =>
        await _db.InScopeAsync(async services =>
        {
            var export = (await services.GetRequiredService<Mediator.IMediator>().Send(query))!;
            var rows = new List<LedgerExportRow>();
            await foreach (var row in export.Rows)
            {
                rows.Add(row);
            }
            return (export, rows);
        });

    [Fact]
    public async Task The_export_of_a_figure_has_the_page_s_rows_and_sums_to_the_figure_with_reassigned_rows_moved()
    {
        await ImportFirstQuarterAsync();
        var r = (await ReconcileAsync("gnv2023", "2023-03"))!;
        foreach (var line in r.Lines)
        {
            var (_, rows) = await ExportRowsAsync(new ExportLedgerRowsQuery("gnv2023", r.Through, LineId: line.LineId));
            Assert.Equal((line.Rows, line.Figures.BookedToDate), (rows.Count, rows.Sum(x => x.Amount)));
        }
        var investment = r.Exceptions.Single(e => e.Kind == ExceptionKind.Investment);
        var (invest, investRows) = await ExportRowsAsync(new ExportLedgerRowsQuery("gnv2023", r.Through, Kind: ExceptionKind.Investment, Key: "9942"));
        Assert.Equal("rader-gnv2023-2023-03-investering-9942.xlsx", invest.FileName);
        Assert.Equal((investment.Rows, investment.Amount), (investRows.Count, investRows.Sum(x => x.Amount)));

        var main = Line(r, "2.2.a");
        var page = (await _db.SendAsync(new ListReconciliationRowsQuery("gnv2023", r.Through, LineId: main.LineId)))!;
        Assert.True((await _db.SendAsync(new ReassignRowCommand("gnv2023", page.Rows.Single().Id, Line(r, "2.2.c").LineId, "Karriärtjänst enligt beslut"))).Succeeded);
        var after = (await ReconcileAsync("gnv2023", "2023-03"))!;

        // Moved away: no longer among 2.2.a's rows. Moved in: last among 2.2.c's, marked.
        var (mainExport, mainRows) = await ExportRowsAsync(new ExportLedgerRowsQuery("gnv2023", r.Through, LineId: main.LineId));
        Assert.Equal("rader-gnv2023-2023-03-2.2.a.xlsx", mainExport.FileName);
        Assert.Empty(mainRows);
        Assert.Equal(0m, Line(after, "2.2.a").Figures.BookedToDate);
        var (_, karRows) = await ExportRowsAsync(new ExportLedgerRowsQuery("gnv2023", r.Through, LineId: Line(after, "2.2.c").LineId));
        Assert.Equal(Line(after, "2.2.c").Figures.BookedToDate, karRows.Sum(x => x.Amount));
        Assert.Equal(("KAR", null), (karRows[0].Project, karRows[0].Remark));
        Assert.Equal((3_000m, "Flyttad hit från 2.2.a"), (karRows[^1].Amount, karRows[^1].Remark));
        Assert.Equal((new DateOnly(2023, 2, 20), "A 3", "6110", "9917"), (karRows[^1].Date, karRows[^1].Voucher, karRows[^1].Account, karRows[^1].CostObject));

        // The month alone, and a line that does not exist.
        var (monthOnly, monthRows) = await ExportRowsAsync(new ExportLedgerRowsQuery("gnv2023", YearMonth.Parse("2023-02"), LineId: Line(after, "2.2.c").LineId, MonthOnly: true));
        Assert.Equal("rader-gnv2023-2023-02-2.2.c-endast-manaden.xlsx", monthOnly.FileName);
        Assert.Equal(4_500m, monthRows.Sum(x => x.Amount));
        Assert.Null(await _db.SendAsync(new ExportLedgerRowsQuery("gnv2023", r.Through, LineId: -1)));
    }

    /// <summary>A month is tied out before it closes (ADR 21): these tests tie out by the Ekonom's confirmation of the totals.</summary>
    private async Task TieOutAsync(YearMonth month)
    {
        var confirmed = await _db.SendAsync(new ConfirmMonthTotalsCommand("gnv2023", month));
        Assert.True(confirmed.Succeeded || confirmed.Errors[0].Message.Contains("redan avstämd"), string.Join(" ", confirmed.Errors.Select(e => e.Message)));
    }

    [Fact]
    public async Task A_month_closes_only_when_its_exceptions_are_annotated_and_reopens_with_a_reason()
    {
        await ImportFirstQuarterAsync();
        var march = YearMonth.Parse("2023-03");

        var refused = await _db.SendAsync(new CloseMonthCommand("gnv2023", march));
        Assert.False(refused.Succeeded);
        Assert.Contains("3 avvikelser saknar kommentar", refused.Errors[0].Message);

        var r = (await ReconcileAsync("gnv2023", "2023-03"))!;
        foreach (var e in r.Exceptions)
        {
            Assert.False((await _db.SendAsync(new NoteExceptionCommand("gnv2023", e.Kind, e.CostObject, e.Key, "  ", false))).Succeeded);
            Assert.True((await _db.SendAsync(new NoteExceptionCommand("gnv2023", e.Kind, e.CostObject, e.Key, "Utreds med verksamheten", e.Kind == ExceptionKind.Investment))).Succeeded);
        }
        await TieOutAsync(march);
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", march))).Succeeded);
        var closed = (await ReconcileAsync("gnv2023", "2023-03"))!;
        Assert.True(closed.Close.Closed);
        Assert.Equal([march], closed.ClosedMonths);
        Assert.False((await _db.SendAsync(new CloseMonthCommand("gnv2023", march))).Succeeded);

        Assert.False((await _db.SendAsync(new ReopenMonthCommand("gnv2023", march, ""))).Succeeded);
        Assert.True((await _db.SendAsync(new ReopenMonthCommand("gnv2023", march, "Rättelse av 9943 från leverantörsreskontran"))).Succeeded);
        var reopened = (await ReconcileAsync("gnv2023", "2023-03"))!;
        Assert.False(reopened.Close.Closed);
        Assert.Equal("Rättelse av 9943 från leverantörsreskontran", reopened.Close.ReopenReason);
        await TieOutAsync(march);
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", march))).Succeeded);
        var history = await _db.WithContextAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ClosedMonth)));
        Assert.Equal(3, history);
    }

    [Fact]
    public async Task A_row_in_a_closed_month_cannot_be_moved_until_the_month_is_reopened()
    {
        await ImportAsync(Sie("jan.se", 2023, Ver("1", "20230110", "5010 {20 \"9916\"} 100", "2440 {} -100")));
        var r = (await ReconcileAsync("gnv2023", "2023-01"))!;
        var line = r.Lines.First(l => l.Figures.BookedToDate == 100m);
        var row = (await _db.SendAsync(new ListReconciliationRowsQuery("gnv2023", r.Through, LineId: line.LineId)))!.Rows.Single();
        await TieOutAsync(YearMonth.Parse("2023-01"));
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", YearMonth.Parse("2023-01")))).Succeeded);

        var refused = await _db.SendAsync(new ReassignRowCommand("gnv2023", row.Id, line.LineId, "Rättelse"));

        Assert.False(refused.Succeeded);
        Assert.Contains("Månaden 2023-01 är stängd", refused.Errors.Single().Message);
        Assert.True((await _db.SendAsync(new ReopenMonthCommand("gnv2023", YearMonth.Parse("2023-01"), "Rättelse av januari"))).Succeeded);
        Assert.True((await _db.SendAsync(new ReassignRowCommand("gnv2023", row.Id, line.LineId, "Rättelse"))).Succeeded);
    }

    [Fact]
    public async Task A_closed_month_refuses_an_import_that_would_change_it_until_it_is_reopened()
    {
        await ImportAsync(Sie("jan.se", 2023, Ver("1", "20230110", "5010 {20 \"9916\"} 100", "2440 {} -100")));
        await TieOutAsync(YearMonth.Parse("2023-01"));
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", YearMonth.Parse("2023-01")))).Succeeded);

        // January corrected in the ledger after it was closed: 150 instead of 100.
        var path = Sie("jan-feb.se", 2023, Ver("1", "20230110", "5010 {20 \"9916\"} 150", "2440 {} -150"), Ver("2", "20230210", "5010 {20 \"9916\"} 200", "2440 {} -200"));
        var refused = await _db.SendAsync(new ImportLedgerFileCommand(path, "jan-feb.se"));
        Assert.Equal(ImportStatus.Avvisad, refused.Status);
        Assert.Contains("2023-01", refused.Message);
        Assert.Equal(100m, (await ReconcileAsync("gnv2023", "2023-02"))!.Totals.Booked);

        // The year so far with January as it was closed is taken: only February changes (issue 25).
        var unchanged = Sie("jan-feb-oforandrad.se", 2023, Ver("1", "20230110", "5010 {20 \"9916\"} 100", "2440 {} -100"), Ver("2", "20230210", "5010 {20 \"9916\"} 200", "2440 {} -200"));
        var taken = await _db.SendAsync(new ImportLedgerFileCommand(unchanged, "jan-feb-oforandrad.se"));
        Assert.Equal(ImportStatus.Importerad, taken.Status);
        Assert.Equal(["2023-01"], taken.ClosedMonthsKept);
        Assert.Equal(300m, (await ReconcileAsync("gnv2023", "2023-02"))!.Totals.Booked);

        Assert.True((await _db.SendAsync(new ReopenMonthCommand("gnv2023", YearMonth.Parse("2023-01"), "Januari rättades i huvudboken"))).Succeeded);
        await ImportAsync(path);
        Assert.Equal(350m, (await ReconcileAsync("gnv2023", "2023-02"))!.Totals.Booked);
    }

    [Fact]
    public async Task Accruals_recognise_booked_cost_capped_per_line_net_the_income_already_booked_and_the_SIE_entry_reads_back_balanced_per_object()
    {
        await ImportFirstQuarterAsync(); // with 20 000 kr of grant income already credited to 3510 on 9916 in March
        Assert.False((await _db.SendAsync(new RegisterPaymentCommand("gnv2023", null, 0, ""))).Succeeded);
        Assert.True((await _db.SendAsync(new RegisterPaymentCommand("gnv2023", new DateOnly(2023, 2, 1), 3_000_000m, "Socialstyrelsen utbetalning 1"))).Succeeded);

        var report = (await _db.SendAsync(new GetAccrualsQuery("gnv2023", YearMonth.Parse("2023-03"))))!;

        // 2.4 is booked 2 000 000 against 1 438 690: only the allocation is recognised.
        var recognised = 15_000.75m + 3_000m + 2_000m + 1_500m + 1_000m + 1_438_690m;
        Assert.Equal(recognised, report.Figures.Recognised);
        Assert.Equal(3_000_000m - recognised, report.Figures.Deferred);
        Assert.Equal(20_000m, report.Figures.IncomeBooked);
        var entry = report.Entry;
        Assert.Equal(0m, entry.Sum(r => r.Amount));
        Assert.All(entry, r => Assert.NotNull(r.CostObject));
        // The income rows bring each object's income to what is recognised, net of what is already booked: 9916 has 20 000 booked
        // against 15 000,75 of cost, so 4 999,25 is taken back (debit), not 15 000,75 proposed again.
        var income = entry.Where(r => r.Account == "3510").ToDictionary(r => r.CostObject!, r => r.Amount);
        Assert.Equal(new Dictionary<string, decimal> { ["9916"] = 4_999.25m, ["9917"] = -6_500m, ["9942"] = -1_000m, ["9943"] = -1_438_690m }, income);
        Assert.Equal(-(recognised - 20_000m), income.Values.Sum());
        Assert.All(entry.GroupBy(r => r.CostObject), g => Assert.Equal(0m, g.Sum(r => r.Amount)));
        var january = report.Months.Single(m => m.Month == YearMonth.Parse("2023-01"));
        Assert.Equal((0m, 10_000.50m, -10_000.50m, 0m), (january.Received, january.Recognised, january.Deferred, january.IncomeBooked));

        var path = Path.Combine(_dir, "periodisering.se");
        await File.WriteAllBytesAsync(path, AccrualExport.Sie(report, new DateOnly(2023, 4, 3), "Region Jämtland Härjedalen"));
        var rows = new List<LedgerRow>();
        await using var file = File.OpenRead(path);
        var info = new SieReader().Read(file, new LedgerReadOptions(), rows.Add, CancellationToken.None);
        Assert.Empty(info.Errors);
        Assert.Equal(entry.Count, rows.Count);
        Assert.Equal(0m, rows.Sum(r => r.Amount));
        Assert.Equal(entry.Select(r => (r.Account, r.CostObject, r.Amount)), rows.Select(r => (r.Account, r.CostObject, r.Amount)));
        Assert.All(rows, r => Assert.Equal(new DateOnly(2023, 3, 31), r.VoucherDate));
    }

    [Fact]
    public async Task Once_the_accrual_entry_is_booked_and_imported_the_proposal_for_the_month_is_empty()
    {
        await ImportFirstQuarterAsync();
        var report = (await _db.SendAsync(new GetAccrualsQuery("gnv2023", YearMonth.Parse("2023-03"))))!;
        Assert.NotEmpty(report.Entry);

        // The ledger's export for the year now holds the entry as a voucher of its own (objects in dimension 20, as the ledger has them).
        var entryVoucher = report.Entry.Select(r => $"{r.Account} {{20 \"{r.CostObject}\"}} {r.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToArray();
        await ImportAsync(Sie("2023-b.se", 2023,
            Ver("1", "20230110", "5010 {20 \"9916\"} 10000.50", "2440 {} -10000.50"),
            Ver("2", "20230215", "5010 {20 \"9916\"} 5000.25", "2440 {} -5000.25"),
            Ver("3", "20230220", "6110 {20 \"9917\"} 3000.00", "6110 {20 \"9917\" 6 \"VUB\"} 2000.00", "6110 {20 \"9917\" 6 \"KAR\"} 1500", "2440 {} -6500"),
            Ver("4", "20230305", "1220 {20 \"9942\"} 50000", "7832 {20 \"9942\"} 1000", "2440 {} -51000"),
            Ver("5", "20230310", "3510 {20 \"9916\"} -20000", "2970 {20 \"9916\"} 20000"),
            Ver("6", "20230315", "6110 {20 \"9943\"} 2000000", "2440 {} -2000000"),
            Ver("7", "20230331", entryVoucher)));

        var after = (await _db.SendAsync(new GetAccrualsQuery("gnv2023", YearMonth.Parse("2023-03"))))!;

        Assert.Equal(after.Figures.Recognised, after.Figures.IncomeBooked);
        Assert.Empty(after.Entry);
    }

    [Fact]
    public async Task A_project_code_names_one_activity_per_agreement()
    {
        var first = await AddActivityAsync("2.2.b", "VUB", approved: false);
        var second = await AddActivityAsync("2.2.c", "KAR", approved: false);
        var version = await _db.WithContextAsync(db => db.Activities.Where(a => a.Id == second).Select(a => a.Version).SingleAsync());

        var result = await _db.SendAsync(new SetProjectCodeCommand(second, version, "VUB"));

        Assert.False(result.Succeeded);
        Assert.Contains("används redan", result.Errors[0].Message);
        Assert.True((await _db.SendAsync(new SetProjectCodeCommand(second, version, "KAR2"))).Succeeded);
        Assert.NotEqual(first, second);
    }

    private async Task NoteOpenExceptionsAsync(string month)
    {
        foreach (var e in (await ReconcileAsync("gnv2023", month))!.Open)
        {
            var noted = await _db.SendAsync(new NoteExceptionCommand("gnv2023", e.Kind, e.CostObject, e.Key, $"Förklarad {month}", false, Through: YearMonth.Parse(month)));
            Assert.True(noted.Succeeded, string.Join("; ", noted.Errors.Select(x => x.Message)));
        }
    }

    [Fact]
    public async Task A_note_covers_its_exception_as_it_stood_and_new_rows_of_the_same_kind_need_a_note_of_their_own()
    {
        await ImportFirstQuarterAsync();
        var investment = (await ReconcileAsync("gnv2023", "2023-03"))!.Exceptions.Single(e => e.Kind == ExceptionKind.Investment);
        Assert.True((await _db.SendAsync(new NoteExceptionCommand("gnv2023", investment.Kind, investment.CostObject, investment.Key,
            "Investeringen flyttas i april", false, Through: YearMonth.Parse("2023-03")))).Succeeded);
        Assert.Equal("Investeringen flyttas i april", (await ReconcileAsync("gnv2023", "2023-03"))!.Exceptions.Single(e => e.Kind == ExceptionKind.Investment).Note?.Text);

        // October: the cumulative export brings new rows on an investment account on the same object.
        await ImportAsync(Sie("2023-okt.se", 2023,
            Ver("1", "20230110", "5010 {20 \"9916\"} 10000.50", "2440 {} -10000.50"),
            Ver("2", "20230215", "5010 {20 \"9916\"} 5000.25", "2440 {} -5000.25"),
            Ver("3", "20230220", "6110 {20 \"9917\"} 3000.00", "6110 {20 \"9917\" 6 \"VUB\"} 2000.00", "6110 {20 \"9917\" 6 \"KAR\"} 1500", "2440 {} -6500"),
            Ver("4", "20230305", "1220 {20 \"9942\"} 50000", "7832 {20 \"9942\"} 1000", "2440 {} -51000"),
            Ver("5", "20230310", "3510 {20 \"9916\"} -20000", "2970 {20 \"9916\"} 20000"),
            Ver("6", "20230315", "6110 {20 \"9943\"} 2000000", "2440 {} -2000000"),
            Ver("7", "20231012", "1220 {20 \"9942\"} 80000", "2440 {} -80000")));

        var october = (await ReconcileAsync("gnv2023", "2023-10"))!.Exceptions.Single(e => e.Kind == ExceptionKind.Investment);
        Assert.Null(october.Note); // the March note saw 50 000 kr in 1 row, not 130 000 kr in 2
        Assert.Equal((YearMonth.Parse("2023-03"), 50_000m, 1L), (october.Earlier!.Month!.Value, october.Earlier.Amount!.Value, october.Earlier.Rows!.Value));
        // March is as it was, and its note still covers it.
        Assert.NotNull((await ReconcileAsync("gnv2023", "2023-03"))!.Exceptions.Single(e => e.Kind == ExceptionKind.Investment).Note);

        Assert.True((await _db.SendAsync(new NoteExceptionCommand("gnv2023", october.Kind, october.CostObject, october.Key,
            "Även oktobers investering flyttas", false, Through: YearMonth.Parse("2023-10")))).Succeeded);
        Assert.Equal("Även oktobers investering flyttas", (await ReconcileAsync("gnv2023", "2023-10"))!.Exceptions.Single(e => e.Kind == ExceptionKind.Investment).Note?.Text);
        Assert.Equal("Investeringen flyttas i april", (await ReconcileAsync("gnv2023", "2023-03"))!.Exceptions.Single(e => e.Kind == ExceptionKind.Investment).Note?.Text);
    }

    [Fact]
    public async Task Nothing_a_closed_month_depends_on_changes_until_it_is_reopened()
    {
        await ImportFirstQuarterAsync();
        await NoteOpenExceptionsAsync("2023-03");
        await TieOutAsync(YearMonth.Parse("2023-03"));
        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", YearMonth.Parse("2023-03")))).Succeeded);
        var note = (await ReconcileAsync("gnv2023", "2023-03"))!.Exceptions.First().Note!;

        var removal = await _db.SendAsync(new RemoveExceptionNoteCommand(note.Id));
        Assert.False(removal.Succeeded);
        Assert.Contains("2023-03 är stängd", removal.Errors[0].Message);
        var rewrite = await _db.SendAsync(new NoteExceptionCommand("gnv2023", ExceptionKind.Investment, "9942", "9942", "Ny text", false, Through: YearMonth.Parse("2023-03")));
        Assert.False(rewrite.Succeeded);

        // A payment dated in the closed month (or before it) would change its accruals; one after it does not.
        var backdated = await _db.SendAsync(new RegisterPaymentCommand("gnv2023", new DateOnly(2023, 2, 1), 1_000m, "Utbetalning 1"));
        Assert.False(backdated.Succeeded);
        Assert.Contains("Öppna månaden igen", backdated.Errors[0].Message);
        Assert.True((await _db.SendAsync(new RegisterPaymentCommand("gnv2023", new DateOnly(2023, 4, 3), 1_000m, "Utbetalning 2"))).Succeeded);
        var payment = await _db.WithContextAsync(db => db.GrantPayments.SingleAsync());

        await TieOutAsync(YearMonth.Parse("2023-04"));

        Assert.True((await _db.SendAsync(new CloseMonthCommand("gnv2023", YearMonth.Parse("2023-04")))).Succeeded);
        Assert.False((await _db.SendAsync(new RemovePaymentCommand(payment.Id))).Succeeded);

        // Nothing was half-changed by the refusals.
        var march = (await ReconcileAsync("gnv2023", "2023-03"))!;
        Assert.Empty(march.Open);
        Assert.Equal(1, await _db.WithContextAsync(db => db.GrantPayments.CountAsync()));

        Assert.True((await _db.SendAsync(new ReopenMonthCommand("gnv2023", YearMonth.Parse("2023-04"), "Betalningen var felregistrerad"))).Succeeded);
        Assert.True((await _db.SendAsync(new RemovePaymentCommand(payment.Id))).Succeeded);
        Assert.True((await _db.SendAsync(new ReopenMonthCommand("gnv2023", YearMonth.Parse("2023-03"), "Kommentaren ska skrivas om"))).Succeeded);
        Assert.True((await _db.SendAsync(new RemoveExceptionNoteCommand(note.Id))).Succeeded);
    }

    [Fact]
    public async Task An_of_which_part_shows_the_cost_of_its_activities_never_the_whole_line_and_readiness_names_it_until_attributed()
    {
        var rural = await AddActivityAsync("2.1", "LAND", approved: true);
        await ImportAsync(Sie("2023.se", 2023,
            Ver("1", "20230110", "5010 {20 \"9916\"} 20000000", "2440 {} -20000000"),
            Ver("2", "20230115", "5010 {20 \"9916\" 6 \"LAND\"} 4000.40", "2440 {} -4000.40")));

        var before = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        var part = Assert.Single(before.Earmarks);
        Assert.Equal(("Primärvård i landsbygd", 14_897_341m, 0m), (part.Name, part.Amount, part.Attributed)); // not the line's 20 004 000,40
        Assert.Contains(before.Readiness.Missing, m => m.StartsWith("Varav-belopp utan hänförda kostnader: 2.1 Primärvård i landsbygd", StringComparison.Ordinal));

        var version = await _db.WithContextAsync(db => db.Activities.Where(a => a.Id == rural).Select(a => a.Version).SingleAsync());
        Assert.False((await _db.SendAsync(new SetActivityEarmarkCommand(rural, version, "Glesbygd"))).Succeeded);
        Assert.True((await _db.SendAsync(new SetActivityEarmarkCommand(rural, version, "Primärvård i landsbygd"))).Succeeded);

        var after = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        Assert.Equal(4_000.40m, Assert.Single(after.Earmarks).Attributed);
        Assert.Equal(20_004_000.40m, after.Reconciliation.Lines.Single(l => l.Code == "2.1").Figures.BookedToDate);
        Assert.DoesNotContain(after.Readiness.Missing, m => m.StartsWith("Varav-belopp", StringComparison.Ordinal));
        var sheet = GrantReports.FinalReport(after, new DateOnly(2024, 2, 1)).Parts.Single(p => p.Title == "Öronmärkta medel");
        var row = sheet.Rows.Single(r => (string?)r[2] == "Varav-belopp: Primärvård i landsbygd");
        Assert.Equal((14_897_341m, 4_000.40m, 14_893_340.60m), ((decimal)row[3]!, (decimal)row[4]!, (decimal)row[5]!));
    }

    [Fact]
    public async Task Ring_fenced_lines_without_attributed_costs_are_named_by_readiness_and_reported_as_facts()
    {
        await AddActivityAsync("2.2.b", "VUB", approved: true);
        await ImportAsync(Sie("2023.se", 2023, Ver("1", "20230110", "6110 {20 \"9917\"} 700000", "2440 {} -700000")));

        var report = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        Assert.Contains(report.Readiness.Missing, m => m.StartsWith("Öronmärkta medel utan kostnader: 2.2.b, 2.2.c.", StringComparison.Ordinal));
        var sheet = GrantReports.FinalReport(report, new DateOnly(2024, 2, 1)).Parts.Single(p => p.Title == "Öronmärkta medel");
        var vub = sheet.Rows.Single(r => (string?)r[0] == "2.2.b");
        Assert.Equal(0m, (decimal)vub[4]!);
        Assert.Equal("Inga kostnader hänförda till raden. Outnyttjade öronmärkta medel kan inte användas till andra ändamål.", vub[6]);
        Assert.DoesNotContain(sheet.Rows, r => r[6] is string text && text.Contains("Använt för radens ändamål", StringComparison.Ordinal));

        await ImportAsync(Sie("2023.se", 2023, Ver("1", "20230110", "6110 {20 \"9917\"} 500000", "6110 {20 \"9917\" 6 \"VUB\"} 200000", "2440 {} -700000")));
        var attributed = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        Assert.Contains(attributed.Readiness.Missing, m => m.StartsWith("Öronmärkta medel utan kostnader: 2.2.c.", StringComparison.Ordinal));
        Assert.Equal(200_000m, attributed.Reconciliation.Lines.Single(l => l.Code == "2.2.b").Figures.BookedToDate);
    }

    [Fact]
    public async Task The_tie_out_shows_every_figure_with_the_ledger_rows_behind_it_and_a_figure_that_does_not_tie_out_keeps_the_report_a_draft()
    {
        await ImportFirstQuarterAsync();
        var tieOut = (await _db.SendAsync(new GetFinalReportTieOutQuery("gnv2023", 2023)))!;
        var line = tieOut.Rows.Single(r => r.Figure == "Rad 2.1");
        Assert.Equal((15_000.75m, 2L, 15_000.75m, 2L), (line.Stated, line.StatedRows, line.Ledger, line.LedgerRows));
        Assert.Contains(tieOut.Rows, r => r.Figure == "Objekt 9916, 2023-02" && r.Ledger == 5_000.25m && r.LedgerRows == 1 && r.Agrees);
        Assert.Empty(tieOut.Disagreeing);
        var data = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        var document = GrantReports.FinalReport(data, new DateOnly(2024, 3, 1), tieOut);
        Assert.Equal("Avstämning mot huvudboken", document.Parts[^1].Title);
        Assert.DoesNotContain(document.OpenPoints ?? [], p => p.Contains("stämmer inte", StringComparison.Ordinal));

        // The month totals drift from the rows (what `verify` would find): the figures no longer tie out, and the report says so.
        await _db.WithContextAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"LedgerMonthTotals\" SET \"Amount\" = \"Amount\" + 100 WHERE \"CostObject\" = '9916' AND \"Month\" = 202302"));
        await _db.SendAsync(new RegisterPaymentCommand("gnv2023", new DateOnly(2023, 6, 1), 1m, "Ny ändring: figurerna räknas om")); // a change, so the cached figures are recomputed
        var drifted = (await _db.SendAsync(new GetFinalReportTieOutQuery("gnv2023", 2023)))!;
        Assert.Equal(["Rad 2.1", "Objekt 9916, 2023-02"], drifted.Disagreeing.Select(r => r.Figure));
        var draft = GrantReports.FinalReport((await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!, new DateOnly(2024, 3, 1), drifted);
        Assert.Contains(draft.OpenPoints!, p => p.StartsWith("2 siffror stämmer inte mot huvudbokens rader: Rad 2.1; Objekt 9916, 2023-02.", StringComparison.Ordinal));
        Assert.Equal("Nej", draft.Parts[^1].Rows.Single(r => (string?)r[0] == "Rad 2.1")[5]);
    }
}
