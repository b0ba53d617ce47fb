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
    IReadOnlyList<ObjectMonthCost> MonthlyCosts,
    IReadOnlyList<EarmarkFigures> Earmarks)
{
    /// <summary>Exceptions without an annotation or a resolution: while any remain the month cannot be closed.</summary>
    public IReadOnlyList<ReconciliationException> Open => Exceptions.Where(e => e.Note is null).ToList();
}

/// <param name="Cumulative">Booked cost to the end of each month in <see cref="ReconciliationResult.ChartMonths"/>.</param>
public sealed record ReconciledLine(
    int LineId, string Code, string AreaCode, string AreaName, string? SubAreaCode, string? SubAreaName, string CostObject, int Year,
    bool RingFenced, LineFigures Figures, LineStatus Status, long Rows, IReadOnlyList<decimal> Cumulative, string? Name = null)
{
    /// <summary>The line's code with its name, as the pages and reports show it.</summary>
    public string Label => Name is null ? Code : $"{Code} {Name}";
}

public sealed record ReconciliationTotals(decimal Allocated, decimal BookedInMonth, decimal Booked, decimal Forecast, decimal DecidedBudgets, decimal PlannedBudgets)
{
    public decimal Remaining => Allocated - Booked;

    public decimal? Utilisation => Allocated == 0 ? null : Booked / Allocated;
}

/// <param name="Note">The note that covers the exception as it stands; null while it is open.</param>
/// <param name="Earlier">An earlier note for the same exception when it stood otherwise (fewer rows, another amount): it no longer covers it.</param>
public sealed record ReconciliationException(ExceptionKind Kind, string CostObject, string Key, string Description, decimal Amount, long Rows, ExceptionNoteView? Note = null,
    ExceptionNoteView? Earlier = null)
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

/// <summary>
/// An "of which" part of a line (God och nära vård's 2.1 "varav primärvård i landsbygd"): its amount and the cost attributed to it,
/// the costs of the activities that count toward it (<see cref="Domain.Activities.Activity.Earmark"/>), never the whole line's.
/// </summary>
public sealed record EarmarkFigures(int LineId, string LineCode, string Name, decimal Amount, decimal Attributed, int Activities)
{
    public decimal Unused => Math.Max(0, Amount - Attributed);
}

/// <summary>Booked cost on a cost object in a month of the year, on the agreement's lines.</summary>
public sealed record ObjectMonthCost(string CostObject, YearMonth Month, decimal Cost);

/// <param name="Month">The month the note was written for, with the exception's <paramref name="Amount"/> and <paramref name="Rows"/> then; null for an older note.</param>
public sealed record ExceptionNoteView(int Id, string Text, bool Resolved, DateTime WrittenAtUtc, string WrittenBy, long Version,
    YearMonth? Month = null, decimal? Amount = null, long? Rows = null);

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
        var through = query.Through ?? await LatestMonthAsync(db, context, ct);
        return await ReconcileAsync(engine, context, through, ct);
    }

    internal static async Task<ReconciliationResult> ReconcileAsync(ReconciliationEngine engine, ReconciliationEngine.Context context, YearMonth through, CancellationToken ct) =>
        (await ReadAsync(engine, context, through, ct)).Through(through);

    /// <summary>
    /// What a reconciliation through <paramref name="latest"/> reads from the database, read once: the year's groups through the month,
    /// the notes, the rows outside every period and the closed months. <see cref="YearRead.Through"/> then reconciles through that month
    /// or any earlier month of the same year without reading again, each exactly as reading through that month would (the groups of the
    /// later months are left out): the to-do list reconciles every open month of an agreement from one read instead of one per month.
    /// </summary>
    internal static async Task<YearRead> ReadAsync(ReconciliationEngine engine, ReconciliationEngine.Context context, YearMonth latest, CancellationToken ct)
    {
        var db = engine.Db;
        var year = context.YearOf(latest);
        var yearStart = new YearMonth(year, 1);
        IReadOnlyList<ReconciliationEngine.Bucket> buckets = latest < yearStart ? [] : await engine.BucketsAsync(context, yearStart, latest, ct);
        var notes = await db.ExceptionNotes.AsNoTracking().Where(n => n.AgreementId == context.Agreement.Id).ToListAsync(ct);
        var outsideEvery = await engine.OutsideEveryPeriodAsync(context, ct);
        var closedRows = await db.ClosedMonths.AsNoTracking().Where(c => c.AgreementId == context.Agreement.Id).ToListAsync(ct);
        return new YearRead(engine.Settings, context, latest, buckets, notes, outsideEvery, closedRows);
    }

    internal sealed class YearRead(ReconciliationSettings settings, ReconciliationEngine.Context context, YearMonth latest,
        IReadOnlyList<ReconciliationEngine.Bucket> read, IReadOnlyList<ExceptionNote> notes, IReadOnlyList<ReconciliationEngine.Bucket> outsideEvery,
        IReadOnlyList<Domain.Ledger.ClosedMonth> closedRows)
    {
        /// <summary>The month the read reaches.</summary>
        public YearMonth Latest => latest;

        /// <summary>The reconciliation through <paramref name="through"/>: the read's month or an earlier month of its year.</summary>
        public ReconciliationResult Through(YearMonth through)
        {
            if (through > latest || context.YearOf(through) != context.YearOf(latest))
            {
                throw new ArgumentOutOfRangeException(nameof(through), $"{through} is not in the read of {latest}'s year up to it.");
            }
            return Reconcile(settings, context, through, through == latest ? read : read.Where(b => b.Month <= through).ToList(), notes, outsideEvery, closedRows);
        }
    }

    private static ReconciliationResult Reconcile(ReconciliationSettings settings, ReconciliationEngine.Context context, YearMonth through,
        IReadOnlyList<ReconciliationEngine.Bucket> buckets, IReadOnlyList<ExceptionNote> notes, IReadOnlyList<ReconciliationEngine.Bucket> outsideEvery,
        IReadOnlyList<Domain.Ledger.ClosedMonth> closedRows)
    {
        var agreement = context.Agreement;
        var year = context.YearOf(through);
        var yearStart = new YearMonth(year, 1);
        var yearEnd = new YearMonth(year, 12);
        var lastBooked = through < yearEnd ? through : yearEnd;

        var areas = agreement.Areas.ToDictionary(a => a.Id);
        var chartMonths = new List<YearMonth>();
        for (var m = yearStart; m <= lastBooked; m = m.AddMonths(1))
        {
            chartMonths.Add(m);
        }

        var lines = new List<ReconciledLine>();
        var cost = buckets.Where(b => b.Class == AccountClass.Cost && b.LineId is not null && b.Month <= lastBooked).ToList(); // per line: ExceptionRules.IsLineCost
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
            // Each activity's budget counts once, on its own line of the year (LineMap.LineOf: the line its rows go to).
            var onLine = context.Activities.Where(a => context.LineOf(a, year) == line.Id).ToList();
            decimal YearBudget(Func<Domain.Activities.ActivityStatus, bool> status) =>
                onLine.Where(a => status(a.Status)).Sum(a => a.BudgetIn(year));
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
                figures, figures.Status(settings.ForecastTolerance), mine.Sum(b => b.Rows), cumulative, line.Name));
        }
        lines = lines
            .OrderBy(l => l.AreaCode, StringComparer.Ordinal).ThenBy(l => l.SubAreaCode ?? "", StringComparer.Ordinal).ThenBy(l => l.Code, StringComparer.Ordinal)
            .ToList();

        var inYear = buckets.Where(b => b.Month <= lastBooked && context.Map.IsOurs(b.CostObject, b.Month)).ToList();
        var totals = new ReconciliationTotals(
            lines.Sum(l => l.Figures.Allocated), lines.Sum(l => l.Figures.BookedInMonth), lines.Sum(l => l.Figures.BookedToDate),
            lines.Sum(l => l.Figures.Forecast), lines.Sum(l => l.Figures.DecidedBudgets), lines.Sum(l => l.Figures.PlannedBudgets));

        // A note covers its exception from the month it was written for, while the exception is as it was then (ExceptionNote.Covers);
        // the latest note up to the month is the one that counts, and one that no longer covers is shown as the earlier note.
        var exceptions = Exceptions(context, buckets, outsideEvery, lines)
            .Select(e =>
            {
                var latest = notes
                    .Where(n => n.Kind == e.Kind && n.CostObject == e.CostObject && n.Key == e.Key && (n.Month is null || n.Month <= through))
                    .OrderByDescending(n => n.Month ?? new YearMonth(1900, 1)).ThenByDescending(n => n.Id)
                    .FirstOrDefault();
                var view = latest is null ? null : new ExceptionNoteView(latest.Id, latest.Text, latest.Resolved, latest.WrittenAtUtc, latest.WrittenBy, latest.Version,
                    latest.Month, latest.Amount, latest.Rows);
                return latest is not null && latest.Covers(e.Amount, e.Rows) ? e with { Note = view } : e with { Earlier = view };
            })
            .ToList();

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
        var earmarks = agreement.Lines.Where(l => l.Year == year)
            .SelectMany(l => l.Earmarks.Select(e =>
            {
                var counted = context.Activities.Where(a => context.LineOf(a, year) == l.Id && a.Earmark == e.Name).ToList();
                return new EarmarkFigures(l.Id, l.Code, e.Name, e.Amount, counted.Sum(a => activityCosts.GetValueOrDefault(a.Id)), counted.Count);
            }))
            .OrderBy(e => e.LineCode, StringComparer.Ordinal)
            .ToList();
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
            activityCosts, monthlyCosts, earmarks);
    }

    /// <summary>The exceptions of the window the buckets cover, each with its amount and number of rows (the rules: <see cref="ExceptionRules"/>).</summary>
    private static IEnumerable<ReconciliationException> Exceptions(ReconciliationEngine.Context context, IReadOnlyList<ReconciliationEngine.Bucket> buckets,
        IReadOnlyList<ReconciliationEngine.Bucket> outsideEvery, IReadOnlyList<ReconciledLine> lines)
    {
        foreach (var g in buckets.Where(b => ExceptionRules.IsInvestment(context, b)).GroupBy(b => b.CostObject).OrderBy(g => g.Key, StringComparer.Ordinal))
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
            .Where(b => ExceptionRules.IsOutsidePeriod(context, b))
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
            .Select(b => (Bucket: b, Activity: ExceptionRules.UndecidedOrEndedActivity(context, b)))
            .Where(x => x.Activity is not null)
            .GroupBy(x => x.Activity!)
            .OrderBy(g => g.Key.Number);
        foreach (var g in byActivity)
        {
            var a = g.Key;
            var why = a.Approved ? $"har upphört {SwedishFormat.Date(a.EndDate)}" : $"inte är beslutad (status {a.Status})";
            yield return new ReconciliationException(ExceptionKind.Activity, a.CostObject, a.ProjectCode!,
                $"Rader med projektkod {a.ProjectCode} hör till insats {a.Number} ”{a.Measure}”, som {why}.",
                Money.FromOre(g.Sum(x => x.Bucket.Ore)), g.Sum(x => x.Bucket.Rows));
        }
    }

    /// <summary>The latest month with rows on the agreement's objects within its periods, or its first month.</summary>
    internal static async Task<YearMonth> LatestMonthAsync(AppDbContext db, ReconciliationEngine.Context context, CancellationToken ct)
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

/// <summary>
/// The one definition of which groups make each kind of exception: the reconciliation lists the exceptions by these rules and the
/// drill-down (<see cref="LedgerRowSelection"/>) selects the rows behind an exception by the same rules, so the rows always sum to it.
/// </summary>
internal static class ExceptionRules
{
    /// <summary>Rows on fixed-asset accounts on an object in a month that is the agreement's.</summary>
    public static bool IsInvestment(ReconciliationEngine.Context context, ReconciliationEngine.Bucket b) =>
        b.Class == AccountClass.Investment && context.Map.IsOurs(b.CostObject, b.Month);

    /// <summary>Cost rows in the agreement's months that no line takes (no line for the year); rows in no period at all come on top.</summary>
    public static bool IsOutsidePeriod(ReconciliationEngine.Context context, ReconciliationEngine.Bucket b) =>
        b.LineId is null && b.Class == AccountClass.Cost && context.Map.IsOurs(b.CostObject, b.Month);

    /// <summary>The activity a cost row belongs to by its project code, when that activity is not decided or had ended by the row's month.</summary>
    public static ReconciliationEngine.ActivityFacts? UndecidedOrEndedActivity(ReconciliationEngine.Context context, ReconciliationEngine.Bucket b)
    {
        if (b.Class != AccountClass.Cost || !context.Map.IsOurs(b.CostObject, b.Month) || context.Map.Activity(b.CostObject, b.Project) is not { } mapped)
        {
            return null;
        }
        var a = context.Activities.First(x => x.Id == mapped.Id);
        return !a.Approved || (a.EndMonth is { } end && b.Month > end) ? a : null;
    }

    /// <summary>A line's booked cost: its cost rows through the last month booked.</summary>
    public static bool IsLineCost(ReconciliationEngine.Bucket b, int lineId, YearMonth lastBooked) =>
        b.LineId == lineId && b.Class == AccountClass.Cost && b.Month <= lastBooked;
}
