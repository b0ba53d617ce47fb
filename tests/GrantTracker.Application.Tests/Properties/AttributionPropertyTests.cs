using System.Text;
using ClosedXML.Excel;
using CsCheck;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Features.Reports;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using GrantTracker.Tests.Shapes;

namespace GrantTracker.Application.Tests.Properties;

/// <summary>
/// Every agreement shape, not only the two seeded: generated agreements (<see cref="AgreementShapes"/>) with generated activities and
/// ledgers, built through the domain, imported through the real importer into a real SQLite file, and read through the use cases.
/// For each: every line's booked cost, decided and planned budgets are what the rule gives (to the öre), the lines add up exactly to
/// the objects' cost rows in period, nothing is counted twice, and the drill-down, the final report and its workbook state the same
/// figures. A failure is shrunk by CsCheck to the smallest agreement that breaks, and printed with its seed.
/// </summary>
public sealed class AttributionPropertyTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-property-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = await TestDatabase.CreateAsync(seedAgreements: false);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Every_line_of_a_generated_agreement_reconciles_to_the_ore_on_every_surface()
    {
        await AgreementShapes.Gen.SampleAsync(CheckAsync, iter: 40, threads: 1);
    }

    /// <summary>
    /// The case a new user found: a population part and a rural part entered as two lines of one area on one new object. Rows with the
    /// rural activity's project code belonged on the rural line but counted on the population line, and each line showed the area's whole
    /// decided budget.
    /// </summary>
    [Fact]
    public async Task Two_lines_of_one_area_on_one_object_each_get_their_own_activities_rows_and_budgets()
    {
        var shape = new Shape(1, 1,
            [new AreaShape([new LineShape(0, 0, false, 30_000_000, "Befolkningsdel", false), new LineShape(0, 0, false, 10_000_000, "Landsbygdsdel", false)], [], true)],
            [
                new ActivityShape(0, true, ActivityState.Decided, [5_000_000], false),
                new ActivityShape(1, true, ActivityState.Decided, [3_000_000], false),
                new ActivityShape(1, false, ActivityState.Prepared, [1_000_000], false),
            ],
            [
                new RowShape(0, 0, 2, RowProject.Activity, 0, AccountKind.Cost, 10_000_000),
                new RowShape(0, 0, 3, RowProject.Activity, 1, AccountKind.Cost, 4_000_050),
                new RowShape(0, 0, 3, RowProject.None, 0, AccountKind.Cost, 700_000),
            ]);
        var built = await BuildAndImportAsync(shape);

        var r = (await _db.SendAsync(new ReconcileQuery(built.Code, new YearMonth(2024, 12))))!;

        var population = r.Lines.Single(l => l.Name == "Befolkningsdel");
        var rural = r.Lines.Single(l => l.Name == "Landsbygdsdel");
        Assert.Equal(107_000m, population.Figures.BookedToDate);
        Assert.Equal(40_000.50m, rural.Figures.BookedToDate);
        Assert.Equal(5_000_000m, population.Figures.DecidedBudgets);
        Assert.Equal(3_000_000m, rural.Figures.DecidedBudgets);
        Assert.Equal(0m, population.Figures.PlannedBudgets);
        Assert.Equal(1_000_000m, rural.Figures.PlannedBudgets);
        Assert.False(population.Figures.DecidedOverAllocation || rural.Figures.DecidedOverAllocation);
        Assert.Equal(8_000_000m, r.Totals.DecidedBudgets);
        Assert.Equal(147_000.50m, r.Totals.Booked);
        await CheckAsync(shape);
    }

    private async Task CheckAsync(Shape shape)
    {
        var built = await BuildAndImportAsync(shape);
        foreach (var year in built.Years)
        {
            var through = new YearMonth(year, 12);
            var r = (await _db.SendAsync(new ReconcileQuery(built.Code, through)))!;
            var lines = built.Lines.Where(l => AgreementShapes.FirstYear + l.Line.YearIndex == year).ToList();
            Assert.Equal(lines.Select(built.LineId).Order(), r.Lines.Select(l => l.LineId).Order());
            foreach (var line in lines)
            {
                var figures = r.Lines.Single(l => l.LineId == built.LineId(line));
                Assert.True(built.Booked(line) == figures.Figures.BookedToDate, $"{line.Code} bokfört {figures.Figures.BookedToDate}, väntat {built.Booked(line)}");
                Assert.True(built.Decided(line) == figures.Figures.DecidedBudgets, $"{line.Code} beslutat {figures.Figures.DecidedBudgets}, väntat {built.Decided(line)}");
                Assert.True(built.Planned(line) == figures.Figures.PlannedBudgets, $"{line.Code} planerat {figures.Figures.PlannedBudgets}, väntat {built.Planned(line)}");

                // The drill-down's rows add up to the figure they are behind.
                var rows = (await _db.SendAsync(new ListReconciliationRowsQuery(built.Code, through, LineId: figures.LineId)))!;
                Assert.True(figures.Figures.BookedToDate == rows.Sum, $"{line.Code}: raderna bakom siffran summerar till {rows.Sum}, siffran är {figures.Figures.BookedToDate}");
                Assert.Equal(figures.Rows, rows.RuleRows);
            }

            // Nothing counted twice, nothing lost: the lines add up to the objects' cost rows, the totals to the lines.
            Assert.Equal(built.BookedOnObjectsWithLines(year), r.Totals.Booked);
            Assert.Equal(r.Lines.Sum(l => l.Figures.BookedToDate), r.Totals.Booked);
            Assert.Equal(built.BudgetsWithLines(year, ActivityText.IsDecided), r.Totals.DecidedBudgets);
            Assert.Equal(built.BudgetsWithLines(year, ActivityText.IsPlanned), r.Totals.PlannedBudgets);
            Assert.Equal(r.Lines.Sum(l => l.Figures.DecidedBudgets), r.Totals.DecidedBudgets);

            foreach (var activity in built.Activities.Where(a => a.ProjectCode is not null))
            {
                Assert.Equal(built.ActivityCost(activity, year), r.ActivityCosts.GetValueOrDefault(activity.Id));
            }
            foreach (var e in r.Earmarks)
            {
                var line = built.Lines.Single(l => built.LineId(l) == e.LineId);
                var counted = built.Activities.Where(a => built.LineOf(a, year) == line && a.Earmark == e.Name).ToList();
                Assert.Equal(counted.Sum(a => built.ActivityCost(a, year)), e.Attributed);
                Assert.Equal(counted.Count, e.Activities);
            }

            await CheckFinalReportAsync(built, year, r);
        }
    }

    /// <summary>The final report states every line on its own row with the reconciliation's figures, in its data and in its workbook.</summary>
    private async Task CheckFinalReportAsync(Built built, int year, ReconciliationResult r)
    {
        var data = (await _db.SendAsync(new GetFinalReportQuery(built.Code, year)))!;
        var lineRows = data.Areas.Where(a => !a.IsTotal).ToList();
        Assert.Equal(r.Lines.Count, lineRows.Count);
        foreach (var line in r.Lines)
        {
            var row = lineRows.Single(a => a.Line == line.Label);
            Assert.Equal(line.Figures.Allocated, row.Allocated);
            Assert.Equal(line.Figures.BookedToDate, row.Used);
        }
        Assert.Equal(r.Lines.Sum(l => Math.Max(0, l.Figures.Remaining)), data.Unused);

        using var stream = new MemoryStream();
        ExcelReportWriter.Write(GrantReports.FinalReport(data, new DateOnly(year + 1, 3, 1)), stream);
        stream.Position = 0;
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet("Översikt");
        foreach (var line in r.Lines)
        {
            var row = sheet.RowsUsed().Single(x => x.Cell(3).GetString() == line.Label);
            Assert.Equal(line.Figures.Allocated, Math.Round((decimal)row.Cell(5).GetDouble(), 2));
            Assert.Equal(line.Figures.BookedToDate, Math.Round((decimal)row.Cell(6).GetDouble(), 2));
        }
        var total = sheet.RowsUsed().Last();
        Assert.Equal("Summa", total.Cell(1).GetString());
        Assert.Equal(r.Totals.Booked, Math.Round((decimal)total.Cell(6).GetDouble(), 2));
    }

    private Task<Built> BuildAndImportAsync(Shape shape) => ShapeImport.BuildAndImportAsync(_db, _dir, shape);
}
