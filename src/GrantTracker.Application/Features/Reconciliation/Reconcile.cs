using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// Reconciles an agreement through a month: each line of the month's year against its booked cost, and the
/// exceptions from January of that year through the month. Null when the agreement does not exist. Without a
/// month, the latest month with booked rows (or the agreement's first month).
/// </summary>
public sealed record ReconcileQuery(string AgreementCode, YearMonth? Through = null) : IQuery<ReconciliationResult?>;

public sealed record ReconciliationResult(
    int AgreementId,
    string AgreementCode,
    string AgreementName,
    YearMonth Through,
    int Year,
    IReadOnlyList<ReconciledLine> Lines,
    ReconciliationTotals Totals,
    decimal Income,
    decimal OtherBalance,
    IReadOnlyList<ReconciliationException> Exceptions,
    IReadOnlyList<YearMonth> ChartMonths,
    MonthCloseState Close,
    IReadOnlyList<YearMonth> SelectableMonths,
    IReadOnlyList<YearMonth> ClosedMonths,
    IReadOnlyDictionary<int, decimal> ActivityCosts,
    IReadOnlyList<ObjectMonthCost> MonthlyCosts)
{
    /// <summary>Exceptions without an annotation or a resolution: while any remain the month cannot be closed.</summary>
    public IReadOnlyList<ReconciliationException> Open => Exceptions.Where(e => e.Note is null).ToList();
}

/// <param name="Cumulative">Booked cost to the end of each month in <see cref="ReconciliationResult.ChartMonths"/>.</param>
public sealed record ReconciledLine(
    int LineId, string Code, string AreaCode, string AreaName, string? SubAreaCode, string? SubAreaName, string CostObject, int Year,
    bool RingFenced, LineFigures Figures, LineStatus Status, long Rows, IReadOnlyList<decimal> Cumulative);

public sealed record ReconciliationTotals(decimal Allocated, decimal BookedInMonth, decimal Booked, decimal Forecast, decimal DecidedBudgets, decimal PlannedBudgets)
{
    public decimal Remaining => Allocated - Booked;

    public decimal? Utilisation => Allocated == 0 ? null : Booked / Allocated;
}

public sealed record ReconciliationException(ExceptionKind Kind, string CostObject, string Key, string Description, decimal Amount, long Rows, ExceptionNoteView? Note = null)
{
    public static string KindName(ExceptionKind kind) => kind switch
    {
        ExceptionKind.Investment => "investment",
        ExceptionKind.Overspent => "overspent",
        ExceptionKind.RingFenced => "ringfenced",
        ExceptionKind.OutsidePeriod => "outsidePeriod",
        _ => "activity",
    };

    public static string KindText(ExceptionKind kind) => kind switch
    {
        ExceptionKind.Investment => "Investering på kostnadsobjektet",
        ExceptionKind.Overspent => "Rad över tilldelningen",
        ExceptionKind.RingFenced => "Öronmärkt rad över sitt belopp",
        ExceptionKind.OutsidePeriod => "Rader utanför objektets perioder",
        _ => "Insats som inte är beslutad eller har upphört",
    };

    /// <summary>The exception as a list names it: its kind, its object and, when it is not the object itself, its key.</summary>
    public string Label => Key == CostObject ? $"{KindText(Kind)} ({CostObject})" : $"{KindText(Kind)} ({CostObject}, {Key})";
}

/// <summary>Booked cost on a cost object in a month of the year, on the agreement's lines.</summary>
public sealed record ObjectMonthCost(string CostObject, YearMonth Month, decimal Cost);

public sealed record ExceptionNoteView(int Id, string Text, bool Resolved, DateTime WrittenAtUtc, string WrittenBy, long Version);

public sealed record MonthCloseState(bool Closed, DateTime? ClosedAtUtc, string? ClosedBy, DateTime? ReopenedAtUtc, string? ReopenedBy, string? ReopenReason);

public sealed class ReconcileHandler(AppDbContext db, ReconciliationSettings settings, FiguresCache cache) : IQueryHandler<ReconcileQuery, ReconciliationResult?>
{
    /// <summary>Once per change of the data, however many requests ask (<see cref="FiguresCache"/>).</summary>
    public async ValueTask<ReconciliationResult?> Handle(ReconcileQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<ReconciliationResult?> ComputeAsync(ReconcileQuery query, CancellationToken ct)
    {
        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(query.AgreementCode, ct);
        if (context is null)
        {
            return null;
        }
        var through = query.Through ?? await LatestMonthAsync(context, ct);
        return await ReconcileAsync(engine, context, through, ct);
    }

    internal static async Task<ReconciliationResult> ReconcileAsync(ReconciliationEngine engine, ReconciliationEngine.Context context, YearMonth through, CancellationToken ct)
    {
        var db = engine.Db;
        var settings = engine.Settings;
        var agreement = context.Agreement;
        var year = context.YearOf(through);
        var yearStart = new YearMonth(year, 1);
        var yearEnd = new YearMonth(year, 12);
        var lastBooked = through < yearEnd ? through : yearEnd;
        IReadOnlyList<ReconciliationEngine.Bucket> buckets = through < yearStart ? [] : await engine.BucketsAsync(context, yearStart, through, ct);

        var areas = agreement.Areas.ToDictionary(a => a.Id);
        var chartMonths = new List<YearMonth>();
        for (var m = yearStart; m <= lastBooked; m = m.AddMonths(1))
        {
            chartMonths.Add(m);
        }

        var lines = new List<ReconciledLine>();
        var cost = buckets.Where(b => b.Class == AccountClass.Cost && b.LineId is not null && b.Month <= lastBooked).ToList();
        foreach (var line in agreement.Lines.Where(l => l.Year == year))
        {
            var mine = cost.Where(b => b.LineId == line.Id).ToList();
            var monthsInYear = 0;
            var elapsed = 0;
            for (var m = yearStart; m <= yearEnd; m = m.AddMonths(1))
            {
                if (context.Map.IsOurs(line.CostObjectCode, m))
                {
                    monthsInYear++;
                    if (m <= through)
                    {
                        elapsed++;
                    }
                }
            }
            var onLine = context.Activities
                .Where(a => a.LineId == line.Id || (a.AreaId == line.AreaId && a.CostObject == line.CostObjectCode))
                .ToList();
            decimal YearBudget(Func<Domain.Activities.ActivityStatus, bool> status) =>
                onLine.Where(a => status(a.Status)).Sum(a => a.Budgets.Where(b => b.Year == year).Sum(b => b.Amount));
            var figures = new LineFigures(line.Amount,
                Money.FromOre(mine.Where(b => b.Month == through).Sum(b => b.Ore)),
                Money.FromOre(mine.Sum(b => b.Ore)),
                elapsed, monthsInYear, YearBudget(Domain.Activities.ActivityText.IsDecided), YearBudget(Domain.Activities.ActivityText.IsPlanned));
            var running = 0L;
            var cumulative = chartMonths.Select(m => Money.FromOre(running += mine.Where(b => b.Month == m).Sum(b => b.Ore))).ToList();
            var area = areas[line.AreaId];
            var top = area.ParentId is { } parentId && areas.TryGetValue(parentId, out var parent) ? parent : area;
            var sub = ReferenceEquals(top, area) ? null : area;
            lines.Add(new ReconciledLine(line.Id, line.Code, top.Code, top.Name, sub?.Code, sub?.Name, line.CostObjectCode, line.Year, line.RingFenced,
                figures, figures.Status(settings.ForecastTolerance), mine.Sum(b => b.Rows), cumulative));
        }
        lines = lines
            .OrderBy(l => l.AreaCode, StringComparer.Ordinal).ThenBy(l => l.SubAreaCode ?? "", StringComparer.Ordinal).ThenBy(l => l.Code, StringComparer.Ordinal)
            .ToList();

        var inYear = buckets.Where(b => b.Month <= lastBooked && context.Map.IsOurs(b.CostObject, b.Month)).ToList();
        var totals = new ReconciliationTotals(
            lines.Sum(l => l.Figures.Allocated), lines.Sum(l => l.Figures.BookedInMonth), lines.Sum(l => l.Figures.BookedToDate),
            lines.Sum(l => l.Figures.Forecast), lines.Sum(l => l.Figures.DecidedBudgets), lines.Sum(l => l.Figures.PlannedBudgets));

        var notes = await db.ExceptionNotes.AsNoTracking().Where(n => n.AgreementId == agreement.Id).ToListAsync(ct);
        var outsideEvery = await engine.OutsideEveryPeriodAsync(context, ct);
        var exceptions = Exceptions(context, buckets, outsideEvery, lines)
            .Select(e => e with
            {
                Note = notes.FirstOrDefault(n => n.Kind == e.Kind && n.CostObject == e.CostObject && n.Key == e.Key) is { } n
                    ? new ExceptionNoteView(n.Id, n.Text, n.Resolved, n.WrittenAtUtc, n.WrittenBy, n.Version)
                    : null,
            })
            .ToList();

        var closedRows = await db.ClosedMonths.AsNoTracking().Where(c => c.AgreementId == agreement.Id).ToListAsync(ct);
        var this_ = closedRows.FirstOrDefault(c => c.Month == through);
        var close = new MonthCloseState(this_?.IsClosed == true, this_?.ClosedAtUtc, this_?.ClosedBy, this_?.ReopenedAtUtc, this_?.ReopenedBy, this_?.ReopenReason);

        var selectable = new List<YearMonth>();
        for (var m = context.FirstMonth; m <= context.LastMonth; m = m.AddMonths(1))
        {
            selectable.Add(m);
        }

        // Cost per activity: rows whose project code maps to it, in the year's months through the month.
        var activityCosts = cost
            .Select(b => (Bucket: b, Activity: context.Map.Activity(b.CostObject, b.Project)))
            .Where(x => x.Activity is not null)
            .GroupBy(x => x.Activity!.Id)
            .ToDictionary(g => g.Key, g => Money.FromOre(g.Sum(x => x.Bucket.Ore)));
        var monthlyCosts = cost
            .GroupBy(b => (b.CostObject, b.Month))
            .Select(g => new ObjectMonthCost(g.Key.CostObject, g.Key.Month, Money.FromOre(g.Sum(b => b.Ore))))
            .OrderBy(c => c.CostObject, StringComparer.Ordinal).ThenBy(c => c.Month)
            .ToList();

        return new ReconciliationResult(agreement.Id, agreement.Code, agreement.Name, through, year, lines, totals,
            Money.FromOre(inYear.Where(b => b.Class == AccountClass.Income).Sum(b => b.Ore)),
            Money.FromOre(inYear.Where(b => b.Class == AccountClass.Other).Sum(b => b.Ore)),
            exceptions, chartMonths, close, selectable,
            closedRows.Where(c => c.IsClosed).Select(c => c.Month).Order().ToList(),
            activityCosts, monthlyCosts);
    }

    /// <summary>The exceptions of the window the buckets cover, each with its amount and number of rows.</summary>
    private static IEnumerable<ReconciliationException> Exceptions(ReconciliationEngine.Context context, IReadOnlyList<ReconciliationEngine.Bucket> buckets,
        IReadOnlyList<ReconciliationEngine.Bucket> outsideEvery, IReadOnlyList<ReconciledLine> lines)
    {
        var map = context.Map;
        foreach (var g in buckets.Where(b => b.Class == AccountClass.Investment && map.IsOurs(b.CostObject, b.Month)).GroupBy(b => b.CostObject).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return new ReconciliationException(ExceptionKind.Investment, g.Key, g.Key,
                $"Rader på anläggningskonton ({g.Select(b => b.Month).Min()}–{g.Select(b => b.Month).Max()}) på objekt {g.Key}: en investering är ingen kostnad, bara årets avskrivning får bokas på objektet.",
                Money.FromOre(g.Sum(b => b.Ore)), g.Sum(b => b.Rows));
        }
        foreach (var line in lines.Where(l => l.Figures.BookedToDate > l.Figures.Allocated))
        {
            var kind = line.RingFenced ? ExceptionKind.RingFenced : ExceptionKind.Overspent;
            yield return new ReconciliationException(kind, line.CostObject, line.Code,
                line.RingFenced
                    ? $"Den öronmärkta raden {line.Code} {line.SubAreaName ?? line.AreaName} är bokad över sitt belopp: pengarna får inte användas till annat."
                    : $"Raden {line.Code} {line.SubAreaName ?? line.AreaName} är bokad över sin tilldelning.",
                line.Figures.BookedToDate - line.Figures.Allocated, line.Rows);
        }
        var outside = buckets
            .Where(b => b.LineId is null && b.Class == AccountClass.Cost && map.IsOurs(b.CostObject, b.Month))
            .Concat(outsideEvery)
            .GroupBy(b => b.CostObject)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var g in outside)
        {
            var months = g.Select(b => b.Month).Distinct().Order().ToList();
            yield return new ReconciliationException(ExceptionKind.OutsidePeriod, g.Key, g.Key,
                $"Rader på objekt {g.Key} daterade utanför objektets perioder eller utan fördelningsrad för året: {string.Join(", ", months)}.",
                Money.FromOre(g.Sum(b => b.Ore)), g.Sum(b => b.Rows));
        }
        var byActivity = buckets
            .Where(b => b.Class == AccountClass.Cost && map.IsOurs(b.CostObject, b.Month))
            .Select(b => (Bucket: b, Activity: ActivityFor(context, b)))
            .Where(x => x.Activity is { } a && (!a.Approved || (a.EndMonth is { } end && x.Bucket.Month > end)))
            .GroupBy(x => x.Activity!)
            .OrderBy(g => g.Key.Number);
        foreach (var g in byActivity)
        {
            var a = g.Key;
            var why = a.Approved ? $"har upphört {SwedishFormat.Date(a.EndDate)}" : $"är inte beslutad (status {a.Status})";
            yield return new ReconciliationException(ExceptionKind.Activity, a.CostObject, a.ProjectCode!,
                $"Rader med projektkod {a.ProjectCode} hör till insats {a.Number} ”{a.Measure}”, som {why}.",
                Money.FromOre(g.Sum(x => x.Bucket.Ore)), g.Sum(x => x.Bucket.Rows));
        }
    }

    private static ReconciliationEngine.ActivityFacts? ActivityFor(ReconciliationEngine.Context context, ReconciliationEngine.Bucket bucket) =>
        context.Map.Activity(bucket.CostObject, bucket.Project) is { } a ? context.Activities.First(x => x.Id == a.Id) : null;

    /// <summary>The latest month with rows on the agreement's objects within its periods, or its first month.</summary>
    private async Task<YearMonth> LatestMonthAsync(ReconciliationEngine.Context context, CancellationToken ct)
    {
        var objects = context.CostObjects;
        var first = context.FirstMonth;
        var last = context.LastMonth;
        var latest = await db.LedgerMonthTotals.AsNoTracking()
            .Where(t => objects.Contains(t.CostObject) && t.Month >= first && t.Month <= last)
            .Select(t => (YearMonth?)t.Month)
            .MaxAsync(ct);
        return latest ?? first;
    }
}
