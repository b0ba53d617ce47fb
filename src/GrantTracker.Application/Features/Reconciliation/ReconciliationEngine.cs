using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// What every reconciliation figure rests on. The ledger's month totals (kept by the import, ADR 12) are summed in SQL,
/// in whole öre, per cost object, month, project code and account class (a few hundred groups for a year, whatever the number of rows); the
/// groups are then attributed to lines by <see cref="LineMap"/>, and an Ekonom's reassigned rows are moved
/// from the line the rules give them to the line chosen.
/// </summary>
internal sealed class ReconciliationEngine(AppDbContext db, ReconciliationSettings settings)
{
    public ReconciliationSettings Settings => settings;

    public AppDbContext Db => db;

    /// <summary>
    /// One SQL group, attributed: <see cref="LineId"/> is null for rows that are not on any of the agreement's lines.
    /// <see cref="Moved"/> marks the pair of adjustments for reassigned rows (negative on the rule's line, positive on the chosen one).
    /// </summary>
    public sealed record Bucket(int? LineId, string CostObject, YearMonth Month, string Project, AccountClass Class, long Rows, long Ore, bool Moved = false);

    private sealed record RawGroup(string CostObject, int Month, string Project, int Class, long Rows, long AmountOre);

    private sealed record RawAssigned(int LineId, string CostObject, int Month, string Project, int Class, long Rows, long AmountOre);

    public sealed record Context(Agreement Agreement, LineMap Map, IReadOnlyList<ActivityFacts> Activities)
    {
        public IReadOnlyList<string> CostObjects => Agreement.CostObjects.Select(c => c.CostObjectCode).Distinct().Order(StringComparer.Ordinal).ToList();

        public YearMonth FirstMonth => Agreement.CostObjects.Count == 0 ? YearMonth.Of(Agreement.StartDate) : Agreement.CostObjects.Min(c => c.From);

        public YearMonth LastMonth => Agreement.CostObjects.Count == 0 ? YearMonth.Of(Agreement.EndDate) : Agreement.CostObjects.Max(c => c.To);

        /// <summary>The activity's line in a year (<see cref="LineMap.LineOf"/>): where its budget for the year commits money.</summary>
        public int? LineOf(ActivityFacts activity, int year) => Map.LineOf(activity.LineId, activity.AreaId, activity.CostObject, year);

        /// <summary>The year whose lines a month reconciles: the month's own, within the agreement's years.</summary>
        public int YearOf(YearMonth through) => Math.Clamp(through.Year, Agreement.FirstYear, Math.Max(Agreement.FirstYear, Agreement.LastYear));
    }

    public sealed record ActivityFacts(int Id, int Number, string Measure, string? ProjectCode, string CostObject, int? AreaId, int? LineId,
        ActivityStatus Status, DateOnly? EndDate, IReadOnlyList<BudgetYear> Budgets, string? Earmark = null)
    {
        public bool Approved => Status.IsDecided();

        /// <summary>The activity's budget for a year.</summary>
        public decimal BudgetIn(int year) => Budgets.Where(b => b.Year == year).Sum(b => b.Amount);

        public YearMonth? EndMonth => EndDate is { } d ? YearMonth.Of(d) : null;
    }

    public async Task<Context?> LoadAsync(string agreementCode, CancellationToken ct)
    {
        var code = agreementCode.Trim();
        var agreement = await db.Agreements.AsNoTracking().AsSplitQuery()
            .Include(a => a.Areas)
            .Include(a => a.Lines)
            .Include(a => a.CostObjects)
            .SingleOrDefaultAsync(a => a.Code == code, ct);
        return agreement is null ? null : await LoadAsync(agreement, ct);
    }

    public async Task<Context?> LoadAsync(int agreementId, CancellationToken ct)
    {
        var agreement = await db.Agreements.AsNoTracking().AsSplitQuery()
            .Include(a => a.Areas)
            .Include(a => a.Lines)
            .Include(a => a.CostObjects)
            .SingleOrDefaultAsync(a => a.Id == agreementId, ct);
        return agreement is null ? null : await LoadAsync(agreement, ct);
    }

    /// <summary>
    /// The contexts of many agreements in a handful of statements, the same as <see cref="LoadAsync(int, CancellationToken)"/> gives each
    /// (readiness checks every agreement with a report not yet sent: issue 22's forty agreements were six statements each). Missing ids are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, Context>> LoadManyAsync(IReadOnlyCollection<int> agreementIds, CancellationToken ct)
    {
        var ids = agreementIds.Distinct().ToList();
        var agreements = await db.Agreements.AsNoTracking().AsSplitQuery()
            .Include(a => a.Areas)
            .Include(a => a.Lines)
            .Include(a => a.CostObjects)
            .Where(a => ids.Contains(a.Id))
            .ToListAsync(ct);
        var objects = agreements.SelectMany(a => a.CostObjects.Select(c => c.CostObjectCode)).Distinct().ToList();
        var periods = await db.CostObjectPeriods.AsNoTracking()
            .Where(p => objects.Contains(p.CostObjectCode))
            .Select(p => new PeriodRef(p.AgreementId, p.CostObjectCode, p.From, p.To))
            .ToListAsync(ct);
        var activities = (await db.Activities.AsNoTracking().Where(a => ids.Contains(a.AgreementId)).ToListAsync(ct)).ToLookup(a => a.AgreementId);
        return agreements.ToDictionary(a => a.Id, a =>
        {
            var own = a.CostObjects.Select(c => c.CostObjectCode).ToHashSet();
            return Build(a, periods.Where(p => own.Contains(p.CostObject)).ToList(), activities[a.Id]);
        });
    }

    private async Task<Context> LoadAsync(Agreement agreement, CancellationToken ct)
    {
        var objects = agreement.CostObjects.Select(c => c.CostObjectCode).Distinct().ToList();
        var periods = await db.CostObjectPeriods.AsNoTracking()
            .Where(p => objects.Contains(p.CostObjectCode))
            .Select(p => new PeriodRef(p.AgreementId, p.CostObjectCode, p.From, p.To))
            .ToListAsync(ct);
        var activities = await db.Activities.AsNoTracking()
            .Where(a => a.AgreementId == agreement.Id)
            .ToListAsync(ct);
        return Build(agreement, periods, activities);
    }

    /// <param name="periods">Every agreement's periods of the agreement's objects.</param>
    private static Context Build(Agreement agreement, IReadOnlyList<PeriodRef> periods, IEnumerable<Activity> loaded)
    {
        var order = TreeOrder(agreement.Areas);
        var activities = loaded
            .Select(a => new ActivityFacts(a.Id, a.Number, a.Measure, a.ProjectCode, a.CostObjectCode, a.AreaId, a.AllocationLineId, a.Status, a.EndDate, a.Budgets.ToList(), a.Earmark))
            .ToList();
        var lines = agreement.Lines.Select(l => new LineRef(l.Id, l.CostObjectCode, l.Year, l.AreaId, order.GetValueOrDefault(l.AreaId), l.RingFenced, l.Name));
        var map = new LineMap(agreement.Id, lines, periods,
            activities.Where(a => a.ProjectCode is not null)
                .Select(a => new ActivityRef(a.Id, a.Number, a.ProjectCode!, a.CostObject, a.AreaId, a.LineId, a.Approved, a.EndMonth)));
        return new Context(agreement, map, activities);
    }

    /// <summary>
    /// Area order as the agreement's page shows its tree: each area, then its sub-areas, siblings by their order. A position in that walk,
    /// so that a line on a top-level area and a line on another area's sub-area compare as they are shown (loaded without tracking,
    /// the areas are linked by their parent ids).
    /// </summary>
    private static Dictionary<int, int> TreeOrder(IReadOnlyList<DevelopmentArea> areas)
    {
        var order = new Dictionary<int, int>();
        void Visit(int? parent)
        {
            foreach (var area in areas.Where(a => a.ParentId == parent).OrderBy(a => a.SortOrder).ThenBy(a => a.Id))
            {
                order[area.Id] = order.Count;
                Visit(area.Id);
            }
        }
        Visit(null);
        return order;
    }

    /// <summary>
    /// Rows on the agreement's objects in no period of any agreement, from a year before its first month to a year after
    /// its last: they belong to nobody, so each agreement that tracks the object nearest to them shows them, whatever month is reconciled.
    /// Only the months of that window in which at least one of the objects is in no period are summed (as a rule the
    /// margins before and after the agreement): in the other months no row can be outside every period, and summing
    /// them would read the agreement's whole ledger a second time (issue 5).
    /// </summary>
    public async Task<IReadOnlyList<Bucket>> OutsideEveryPeriodAsync(Context context, CancellationToken ct)
    {
        var objects = context.CostObjects;
        var buckets = new List<Bucket>();
        foreach (var (from, to) in UncoveredRanges(context.Map, objects, context.FirstMonth.AddMonths(-12), context.LastMonth.AddMonths(12)))
        {
            buckets.AddRange((await GroupsAsync(context, from, to, ct)).Where(b => context.Map.IsOutsideEveryPeriod(b.CostObject, b.Month)));
        }
        return buckets;
    }

    /// <summary>The runs of consecutive months from <paramref name="from"/> through <paramref name="to"/> in which at least one object is in no period.</summary>
    private static List<(YearMonth From, YearMonth To)> UncoveredRanges(LineMap map, IReadOnlyList<string> objects, YearMonth from, YearMonth to)
    {
        var ranges = new List<(YearMonth From, YearMonth To)>();
        YearMonth? start = null;
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            var month = m;
            if (objects.Any(o => map.IsOutsideEveryPeriod(o, month)))
            {
                start ??= m;
            }
            else if (start is { } s)
            {
                ranges.Add((s, m.AddMonths(-1)));
                start = null;
            }
        }
        if (start is { } last)
        {
            ranges.Add((last, to));
        }
        return ranges;
    }

    /// <summary>The rows of the agreement's objects from <paramref name="from"/> through <paramref name="to"/>, summed in SQL and attributed.</summary>
    /// <param name="fromRows">
    /// Sum the ledger's rows themselves instead of the month totals: only the final report's tie-out does, to show the auditor that
    /// every figure equals the rows behind it (seconds over a million rows; never a page's figures, ADR 12).
    /// </param>
    public async Task<IReadOnlyList<Bucket>> BucketsAsync(Context context, YearMonth from, YearMonth to, CancellationToken ct, bool fromRows = false)
    {
        var buckets = await GroupsAsync(context, from, to, ct, fromRows);
        if (context.CostObjects.Count == 0)
        {
            return buckets;
        }

        // Reassigned rows leave the line the rules give them for the line an Ekonom chose. Moves are applied on top of the
        // totals (ADR 12): each reassignment finds its rows through the rows index (object, month, voucher date and number),
        // so this reads the moved rows alone, however large the ledger. The unary plus keeps SQLite from carrying the month
        // range over to the rows (a range of the object's months instead of one voucher: the year's rows per reassignment).
#pragma warning disable EF1002
        var assigned = await db.Database.SqlQueryRaw<RawAssigned>($"""
            SELECT a."LineId", e."CostObject", e."Month", COALESCE(e."Project", '') AS "Project", {ClassCase("e.\"AccountNumber\"")} AS "Class",
                   COUNT(*) AS "Rows", SUM(e."Amount") AS "AmountOre"
            FROM "RowAssignments" a
            JOIN "LedgerEntries" e ON e."Month" = a."Month" AND e."Source" = a."Source" AND e."CostObject" = a."CostObject"
                 AND e."Account" = a."Account" AND e."VoucherSeries" = a."VoucherSeries" AND e."VoucherNumber" = a."VoucherNumber"
                 AND e."VoucherDate" = a."VoucherDate" AND e."Amount" = a."Amount"
            WHERE a."AgreementId" = @agreement AND +a."Month" >= @from AND +a."Month" <= @to
            GROUP BY a."LineId", e."CostObject", e."Month", COALESCE(e."Project", ''), {ClassCase("e.\"AccountNumber\"")}
            """, Parameter("from", from.ToNumber()), Parameter("to", to.ToNumber()), Parameter("agreement", context.Agreement.Id)).ToListAsync(ct);
#pragma warning restore EF1002
        foreach (var a in assigned)
        {
            var month = YearMonth.FromNumber(a.Month);
            var ruleLine = context.Map.LineFor(a.CostObject, month, a.Project);
            buckets.Add(new Bucket(ruleLine, a.CostObject, month, a.Project, (AccountClass)a.Class, -a.Rows, -a.AmountOre, Moved: true));
            buckets.Add(new Bucket(a.LineId, a.CostObject, month, a.Project, (AccountClass)a.Class, a.Rows, a.AmountOre, Moved: true));
        }
        return buckets;
    }

    /// <summary>The ledger's groups (cost object, month, project code, account class) of the agreement's objects in the months, attributed by the rules alone, summed from the month totals.</summary>
    private async Task<List<Bucket>> GroupsAsync(Context context, YearMonth from, YearMonth to, CancellationToken ct, bool fromRows = false)
    {
        var objects = context.CostObjects;
        if (objects.Count == 0)
        {
            return [];
        }
        var (parameters, objectList) = Parameters(objects, from, to);
        var classCase = ClassCase("\"AccountNumber\"");
        // The interpolated parts are the account-class numbers from the settings and parameter names, never input.
#pragma warning disable EF1002
        // From the month totals the import keeps (ADR 12): a few thousand rows for a year; the rows only for the tie-out.
        var groups = await db.Database.SqlQueryRaw<RawGroup>($"""
            SELECT "CostObject", "Month", "Project", {classCase} AS "Class",
                   {(fromRows ? "CAST(COUNT(*) AS BIGINT)" : "SUM(\"Rows\")")} AS "Rows", SUM("Amount") AS "AmountOre"
            FROM {(fromRows ? "(SELECT \"CostObject\", \"Month\", COALESCE(\"Project\", '') AS \"Project\", \"AccountNumber\", \"Amount\" FROM \"LedgerEntries\")" : "\"LedgerMonthTotals\"")} AS g
            WHERE "CostObject" IN ({objectList}) AND "Month" >= @from AND "Month" <= @to
            GROUP BY "CostObject", "Month", "Project", {classCase}
            """, parameters).ToListAsync(ct);
#pragma warning restore EF1002

        return groups
            .Select(g =>
            {
                var month = YearMonth.FromNumber(g.Month);
                return new Bucket(context.Map.LineFor(g.CostObject, month, g.Project), g.CostObject, month, g.Project, (AccountClass)g.Class, g.Rows, g.AmountOre);
            })
            .ToList();
    }

    private string ClassCase(string column) => AccountClassSql.Case(settings.Accounts, column);

    private (object[] Parameters, string ObjectList) Parameters(IReadOnlyList<string> objects, YearMonth from, YearMonth to)
    {
        var list = new List<object> { Parameter("from", from.ToNumber()), Parameter("to", to.ToNumber()) };
        var names = new List<string>();
        for (var i = 0; i < objects.Count; i++)
        {
            names.Add("@o" + i);
            list.Add(Parameter("o" + i, objects[i]));
        }
        return (list.ToArray(), string.Join(", ", names));
    }

    public object Parameter(string name, object value)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        return p;
    }
}
