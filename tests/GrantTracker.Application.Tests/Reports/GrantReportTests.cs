using System.Text;
using ClosedXML.Excel;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Tests.Reports;

/// <summary>The reports' figures are the reconciliation's, and the workbooks carry them as real numbers.</summary>
public sealed class GrantReportTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-report-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync();
        _db.Clock.Set(new DateTimeOffset(2024, 3, 20, 9, 0, 0, TimeSpan.Zero));
        var path = Path.Combine(_dir, "2023.se");
        File.WriteAllText(path, """
            #FLAGGA 0
            #SIETYP 4
            #RAR 0 20230101 20231231
            #DIM 20 "Objekt"
            #VER "A" "1" 20230110 "Lön"
            {
            #TRANS 5010 {20 "9916"} 10000.50
            #TRANS 6110 {20 "9917"} 2500
            #TRANS 2440 {} -12500.50
            }
            #VER "A" "2" 20231115 "Ambulans"
            {
            #TRANS 6110 {20 "9943"} 1500000
            #TRANS 1220 {20 "9942"} 40000
            #TRANS 7832 {20 "9942"} 999.99
            #TRANS 2440 {} -1540999.99
            }
            """, new UTF8Encoding(false));
        var import = await _db.SendAsync(new ImportLedgerFileCommand(path, "2023.se"));
        Assert.True(import.Succeeded, import.Message);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_final_report_shows_the_reconciled_figures_per_area_and_sub_area_and_what_is_unused()
    {
        var data = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        var reconciliation = (await _db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 12))))!;

        Assert.Equal(reconciliation.Totals.Booked, data.Reconciliation.Totals.Booked);
        Assert.Equal(1_513_500.49m, data.Reconciliation.Totals.Booked);
        var area21 = data.Areas.Single(a => a.AreaCode == "2.1" && a.SubAreaCode is null);
        Assert.Equal((41_247_254m, 10_000.50m, 41_237_253.50m), (area21.Allocated, area21.Used, area21.Unused));
        var sub = data.Areas.Single(a => a.SubAreaCode == "2.2.a");
        Assert.Equal((25_187_124m, 2_500m), (sub.Allocated, sub.Used));
        // 2.4 is overspent by 61 310 kr: that does not reduce what is unused on the other lines.
        var expectedUnused = reconciliation.Lines.Where(l => l.Code != "2.4").Sum(l => l.Figures.Remaining);
        Assert.Equal(expectedUnused, data.Unused);
        Assert.Contains(data.Conditions, c => c.Code == "3.3.2" && c.Evidence.Contains("1 rad (" + Money.Format(40_000m) + ")"));
        Assert.Contains(data.Conditions, c => c.Code == "3.1" && c.Evidence.Contains("privata utförare"));
    }

    [Fact]
    public async Task The_final_report_workbook_has_one_sheet_per_part_with_numbers_formatted_as_kronor()
    {
        var data = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        var document = GrantReports.FinalReport(data, new DateOnly(2024, 3, 20));
        var path = Path.Combine(_dir, document.FileName);
        await using (var file = File.Create(path))
        {
            ExcelReportWriter.Write(document, file);
        }

        using var workbook = new XLWorkbook(path);
        // Not ready (months open, activities without a final status): a draft, and it says so on every sheet.
        Assert.False(data.Readiness.Ready);
        Assert.Equal(["Att åtgärda före inlämning", "Översikt", "Öronmärkta medel", "Insatser", "Privata utförare", "Villkor", "Återrapportering", "Kostnad per månad", "Återbetalning"],
            workbook.Worksheets.Select(w => w.Name));
        Assert.All(workbook.Worksheets, w => Assert.Equal("UTKAST – ej klar för inlämning · Region Jämtland Härjedalen", w.Cell(1, 1).GetString()));
        var open = workbook.Worksheet("Att åtgärda före inlämning").RowsUsed().Select(r => r.Cell(1).GetString()).ToList();
        Assert.All(data.Readiness.Missing, m => Assert.Contains(m, open));
        var overview = workbook.Worksheet("Översikt");
        var total = overview.RowsUsed().Last();
        Assert.Equal("Summa", total.Cell(1).GetString());
        Assert.Equal(XLDataType.Number, total.Cell(5).DataType);
        Assert.Equal(75_422_690d, total.Cell(5).GetDouble());
        Assert.Equal(1_513_500.49d, total.Cell(6).GetDouble(), 2);
        Assert.Equal(ExcelReportWriter.MoneyFormat, total.Cell(6).Style.NumberFormat.Format);
        Assert.True(overview.SheetView.SplitRow > 0, "the header row is frozen");
        Assert.True(overview.Column(1).Width >= 40);
        var monthly = workbook.Worksheet("Kostnad per månad");
        var november = monthly.RowsUsed().Single(r => r.Cell(1).GetString() == "2023-11");
        Assert.Equal("2.1", workbook.Worksheet("Öronmärkta medel").RowsUsed().Last().Cell(1).GetString());
        Assert.Equal(1_500_999.99d, november.LastCellUsed().GetDouble(), 2);
    }

    [Fact]
    public async Task The_unused_funds_decision_is_validated_recorded_and_shown_on_the_repayment_sheet()
    {
        var refused = await _db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 1_000m, UnusedFundsOutcome.Aterbetalas, null, "", null));
        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Errors, e => e.Field == "PlannedOn"); // issue 25: a repayment is planned before it is paid
        Assert.Contains(refused.Errors, e => e.Field == "Reference");

        var recorded = await _db.SendAsync(new RecordUnusedFundsCommand("gnv2023", 2023, 73_909_189.51m, UnusedFundsOutcome.Aterbetalas,
            new DateOnly(2024, 3, 15), "Kammarkollegiet 2024-123", null));
        Assert.True(recorded.Succeeded);
        Assert.True((await _db.SendAsync(new SaveConditionStatementCommand("gnv2023", 2023,
            (await _db.WithContextAsync(db => Task.FromResult(db.AgreementConditions.First(c => c.Code == "3.3.1").Id))), "Befintliga vårdcentraler användes."))).Succeeded);

        var data = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;
        var repayment = GrantReports.FinalReport(data, new DateOnly(2024, 3, 20)).Parts.Single(p => p.Title == "Återbetalning");
        Assert.Equal(73_909_189.51m, repayment.Rows.Single(r => (string)r[0]! == "Beslutat outnyttjat belopp")[1]);
        Assert.Equal(new DateOnly(2024, 3, 15), repayment.Rows.Single(r => (string)r[0]! == "Återbetalt")[1]);
        Assert.Equal("Befintliga vårdcentraler användes.", data.Conditions.Single(c => c.Code == "3.3.1").Statement);
    }

    [Fact]
    public async Task The_monthly_report_is_the_reconciliation_with_its_exceptions_and_comments()
    {
        var r = (await _db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 11))))!;
        var investment = r.Exceptions.Single(e => e.Kind == Domain.Reconciliation.ExceptionKind.Investment);
        await _db.SendAsync(new NoteExceptionCommand("gnv2023", investment.Kind, investment.CostObject, investment.Key, "Flyttas till investeringsprojekt", true));
        r = (await _db.SendAsync(new ReconcileQuery("gnv2023", new YearMonth(2023, 11))))!;

        var document = GrantReports.Reconciliation(r, "Månadsrapport", new DateOnly(2023, 12, 10), "manad.xlsx");

        var lines = document.Parts.Single(p => p.Title == "Avstämning");
        Assert.Equal(r.Totals.Booked, lines.Totals![6]);
        Assert.Equal(1_500_000m, lines.Rows.Single(x => (string)x[2]! == "2.4")[5]);
        var exceptions = document.Parts.Single(p => p.Title == "Avvikelser");
        Assert.Contains(exceptions.Rows, x => (string?)x[5] == "Flyttas till investeringsprojekt" && (string)x[6]! == "Åtgärdad");
    }

    [Fact]
    public void A_ready_report_carries_no_draft_mark_and_no_open_points_sheet()
    {
        var table = new ReportTable("Översikt", null, [new ReportColumn("Område", ColumnKind.Text, 20)], [["2.1"]], null);
        var ready = new ReportDocument(ReportDocument.Region, "Slutredovisning", "år 2023", new DateOnly(2024, 3, 20), "s.xlsx", [table]);
        var draft = ready with { OpenPoints = ["Månaden 2023-12 är inte stängd."] };

        using var readyBook = Workbook(ready);
        using var draftBook = Workbook(draft);

        Assert.Equal(["Översikt"], readyBook.Worksheets.Select(w => w.Name));
        Assert.Equal("Region Jämtland Härjedalen", readyBook.Worksheet(1).Cell(1, 1).GetString());
        Assert.Equal(["Att åtgärda före inlämning", "Översikt"], draftBook.Worksheets.Select(w => w.Name));
        Assert.StartsWith("UTKAST – ej klar för inlämning", draftBook.Worksheet("Översikt").Cell(1, 1).GetString());

        static XLWorkbook Workbook(ReportDocument document)
        {
            var stream = new MemoryStream();
            ExcelReportWriter.Write(document, stream);
            stream.Position = 0;
            return new XLWorkbook(stream);
        }
    }

    [Fact]
    public async Task The_final_report_to_the_state_lists_decided_activities_only()
    {
        // All seventeen seed activities are drafts: none is in the report until decided.
        Assert.Empty((await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!.Activities);
        await _db.WithContextAsync(async db =>
        {
            var agreementId = await db.Agreements.Where(a => a.Code == "gnv2023").Select(a => a.Id).SingleAsync();
            var activities = (await db.Activities.Where(a => a.AgreementId == agreementId).ToListAsync()).OrderBy(a => a.Number).ToList();
            ReadyForDecision.Prepare(activities[0], 2023);
            Assert.True(activities[0].Approve(new DateOnly(2023, 2, 1), "RS/1/2023", null, DateTime.UtcNow, "test").Succeeded);
            // Prepared, and rejected: neither is the region's decision to spend.
            ReadyForDecision.Prepare(activities[1], 2023);
            ReadyForDecision.Prepare(activities[2], 2023);
            Assert.True(activities[2].Reject(new DateOnly(2023, 2, 1), "RS/2/2023", "Ryms inte", DateTime.UtcNow, "test").Succeeded);
            await db.SaveChangesAsync();
        });

        var data = (await _db.SendAsync(new GetFinalReportQuery("gnv2023", 2023)))!;

        var listed = Assert.Single(data.Activities);
        Assert.Equal(Domain.Activities.ActivityStatus.Beslutad, listed.Status);
        var sheet = GrantReports.FinalReport(data, new DateOnly(2024, 3, 1)).Parts.Single(p => p.Title == "Insatser");
        Assert.Single(sheet.Rows);
    }

    [Fact]
    public async Task The_action_plan_lists_the_decided_activities_per_area_with_budget_and_no_drafts()
    {
        // The seed's six proposals are drafts: an action plan to SKR lists none of them until the region decides.
        Assert.Empty((await _db.SendAsync(new GetActionPlanQuery("patientmiljarden")))!.Rows);
        await _db.WithContextAsync(async db =>
        {
            var agreementId = await db.Agreements.Where(a => a.Code == "patientmiljarden").Select(a => a.Id).SingleAsync();
            foreach (var activity in (await db.Activities.Where(a => a.AgreementId == agreementId).ToListAsync()).OrderBy(a => a.Number).Take(4))
            {
                ReadyForDecision.Prepare(activity, 2018);
                Assert.True(activity.Approve(new DateOnly(2018, 2, 1), "RS/1/2018", null, DateTime.UtcNow, "test").Succeeded);
            }
            await db.SaveChangesAsync();
        });

        var plan = (await _db.SendAsync(new GetActionPlanQuery("patientmiljarden")))!;

        Assert.Equal(4, plan.Rows.Count);
        Assert.All(plan.Rows, r => Assert.Equal(Domain.Activities.ActivityStatus.Beslutad, r.Status));
        Assert.All(plan.Rows, r => Assert.StartsWith("PM.", r.Area));
        var document = GrantReports.ActionPlan(plan.AgreementCode, plan.AgreementName, plan.Rows, new DateOnly(2018, 3, 1));
        Assert.Equal(plan.Rows.Sum(r => r.Budget), document.Parts[0].Totals![6]);
        Assert.Null(await _db.SendAsync(new GetActionPlanQuery("finns-inte")));
    }
}
