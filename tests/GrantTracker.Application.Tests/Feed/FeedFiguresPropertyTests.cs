using System.Text;
using CsCheck;
using GrantTracker.Application.Features;
using GrantTracker.Application.Features.Feed;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Application.Reports;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Common;
using GrantTracker.Tests.Shapes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Application.Tests.Feed;

/// <summary>
/// The feed's MonthFigures over generated agreements (<see cref="AgreementShapes"/>), not only the two seeded: one entity per line
/// and month from the agreement's first month through its latest booked month, each with the figures Avstämning shows for that month,
/// the year's last one equal to what the rule gives the line (to the öre); and they come from the month totals alone: with the
/// ledger's rows deleted behind the app's back, the feed states the same figures.
/// </summary>
public sealed class FeedFiguresPropertyTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "granttracker-feed-tests", Guid.NewGuid().ToString("N"));
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
    public async Task Every_line_and_month_of_a_generated_agreement_is_one_entity_with_the_reconciliations_figures()
    {
        await AgreementShapes.Gen.SampleAsync(CheckAsync, iter: 12, threads: 1);
    }

    [Fact]
    public async Task The_feeds_figures_are_read_from_the_month_totals_and_not_from_the_ledgers_rows()
    {
        var shape = new Shape(1, 2,
            [new AreaShape([new LineShape(0, 0, false, 3_000_000, "Befolkningsdel", false), new LineShape(1, 0, false, 1_000_000, null, false)], [], true)],
            [new ActivityShape(0, true, ActivityState.Decided, [500_000], false)],
            [
                new RowShape(0, 0, 2, RowProject.Activity, 0, AccountKind.Cost, 10_000_000),
                new RowShape(1, 0, 5, RowProject.None, 0, AccountKind.Cost, 4_000_050),
                new RowShape(0, 0, 7, RowProject.None, 0, AccountKind.Cost, 700_000),
            ]);
        var built = await BuildAndImportAsync(shape);
        var before = Mine(await _db.SendAsync(new GetFeedFiguresQuery()), built);
        Assert.Equal(2 * 7, before.Count); // two lines, January through July (the latest booked month)
        Assert.Equal(107_000m, before.Single(f => f.LineId == built.LineIds[0] && f.Month == "2024-07").BookedToDate);

        // Behind the app's back: every ledger row gone, the month totals kept, the cache emptied.
        await _db.WithContextAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"LedgerEntries\""));
        await _db.InScopeAsync(sp => { sp.GetRequiredService<FiguresCache>().Clear(); return Task.FromResult(0); });

        var after = Mine(await _db.SendAsync(new GetFeedFiguresQuery()), built);
        Assert.Equal(before.Select(Describe), after.Select(Describe));
    }

    private static string Describe(FeedMonthFigure f) =>
        $"{f.Id} {f.LineCode} {f.Month} {f.Allocated} {f.BookedInMonth} {f.BookedToDate} {f.Forecast} {f.Remaining} {f.DecidedBudgets} {f.PlannedBudgets} {f.Status}";

    private static List<FeedMonthFigure> Mine(FeedFigures figures, Built built) =>
        figures.MonthFigures.Where(f => f.AgreementId == built.AgreementId).ToList();

    private async Task CheckAsync(Shape shape)
    {
        var built = await BuildAndImportAsync(shape);
        var mine = Mine(await _db.SendAsync(new GetFeedFiguresQuery()), built);
        Assert.Equal(mine.Count, mine.Select(f => f.Id).Distinct().Count());

        var latest = await _db.WithContextAsync(async db =>
        {
            var context = (await new ReconciliationEngine(db, ReconciliationSettings.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()))
                .LoadAsync(built.Code, CancellationToken.None))!;
            return await ReconcileHandler.LatestMonthAsync(db, context, CancellationToken.None);
        });
        foreach (var year in built.Years)
        {
            var lines = built.Lines.Where(l => AgreementShapes.FirstYear + l.Line.YearIndex == year).ToList();
            for (var month = new YearMonth(year, 1); month <= new YearMonth(year, 12); month = month.AddMonths(1))
            {
                var inFeed = mine.Where(f => f.Month == month.ToString()).ToList();
                if (month > latest)
                {
                    Assert.Empty(inFeed); // not booked yet: no figures
                    continue;
                }
                var r = (await _db.SendAsync(new ReconcileQuery(built.Code, month)))!;
                Assert.Equal(r.Lines.Select(l => l.LineId).Order(), inFeed.Select(f => f.LineId).Order());
                Assert.Equal(lines.Select(built.LineId).Order(), inFeed.Select(f => f.LineId).Order());
                foreach (var line in r.Lines)
                {
                    var f = inFeed.Single(x => x.LineId == line.LineId);
                    Assert.Equal(line.Figures.Allocated, f.Allocated);
                    Assert.Equal(line.Figures.BookedInMonth, f.BookedInMonth);
                    Assert.Equal(line.Figures.BookedToDate, f.BookedToDate);
                    Assert.Equal(line.Figures.Forecast, f.Forecast);
                    Assert.Equal(line.Figures.Remaining, f.Remaining);
                    Assert.Equal(line.Figures.DecidedBudgets, f.DecidedBudgets);
                    Assert.Equal(line.Figures.PlannedBudgets, f.PlannedBudgets);
                    Assert.Equal(GrantReports.StatusText(line.Status), f.Status);
                    Assert.Equal(year, f.Year);
                }
            }
            if (latest >= new YearMonth(year, 12))
            {
                // The independent oracle: what the attribution rule gives each line for its year.
                foreach (var line in lines)
                {
                    var december = mine.Single(f => f.LineId == built.LineId(line) && f.Month == $"{year}-12");
                    Assert.True(built.Booked(line) == december.BookedToDate, $"{line.Code}: {december.BookedToDate}, väntat {built.Booked(line)}");
                    Assert.Equal(built.Decided(line), december.DecidedBudgets);
                    Assert.Equal(built.Planned(line), december.PlannedBudgets);
                }
            }
        }
    }

    private Task<Built> BuildAndImportAsync(Shape shape) => ShapeImport.BuildAndImportAsync(_db, _dir, shape);
}
