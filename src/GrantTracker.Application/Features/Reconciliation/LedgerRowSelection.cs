using System.Text;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using GrantTracker.Domain.Reconciliation;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// Which ledger rows stand behind a reconciliation figure, shared by the rows page (<see cref="ListReconciliationRowsQuery"/>)
/// and the Excel export (<see cref="ExportLedgerRowsQuery"/>) so that both show the same rows: the figure's groups are
/// found in the reconciliation's buckets, turned into a SQL <c>WHERE</c> over "LedgerEntries", and an Ekonom's
/// reassigned rows are taken out of the line the rules give them and added to the line chosen.
/// </summary>
internal sealed class LedgerRowSelection(AppDbContext db, ReconciliationSettings settings)
{
    /// <summary>One clause per object and class set: the months and project codes of the groups chosen.</summary>
    public sealed record Clause(string CostObject, IReadOnlyCollection<YearMonth> Months, IReadOnlyCollection<string>? Projects, IReadOnlyCollection<AccountClass>? Classes);

    /// <param name="LineId">The line whose booked cost is shown; null for an exception.</param>
    /// <param name="From">The first month whose reassigned rows count (the year's first, or the month alone).</param>
    /// <param name="LastBooked">The last month whose reassigned rows count.</param>
    /// <param name="LineChoices">The lines a row of this line may be moved to (same object and year).</param>
    public sealed record Selection(
        ReconciliationEngine.Context Context,
        string Title,
        int? LineId,
        YearMonth From,
        YearMonth LastBooked,
        IReadOnlyList<Clause> Clauses,
        IReadOnlyList<LineChoice> LineChoices,
        IReadOnlyDictionary<int, string> LineCodes);

    /// <summary>The figure's groups as clauses, or null when the agreement or the line does not exist or nothing is asked for.</summary>
    public async Task<Selection?> SelectAsync(string agreementCode, YearMonth through, int? lineId, ExceptionKind? kind, string? key, bool monthOnly, CancellationToken ct)
    {
        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(agreementCode, ct);
        if (context is null)
        {
            return null;
        }
        var year = context.YearOf(through);
        var yearStart = new YearMonth(year, 1);
        var from = monthOnly ? through : yearStart;
        var buckets = (through < yearStart ? [] : await engine.BucketsAsync(context, from, through, ct))
            .Where(b => !b.Moved) // reassigned rows are listed apart
            .ToList();
        var map = context.Map;
        var lastBooked = through < new YearMonth(year, 12) ? through : new YearMonth(year, 12);

        string title;
        IEnumerable<ReconciliationEngine.Bucket> chosen;
        var lineChoices = new List<LineChoice>();
        if (lineId is { } id)
        {
            var line = context.Agreement.Lines.FirstOrDefault(l => l.Id == id);
            if (line is null)
            {
                return null;
            }
            var area = context.Agreement.Areas.First(a => a.Id == line.AreaId);
            title = $"Bokförd kostnad {(line.Name is null ? $"{line.Code} {area.Name}" : $"{line.Label} ({area.Name})")}, objekt {line.CostObjectCode}, " + (monthOnly ? $"{through}" : $"{yearStart}–{lastBooked}");
            chosen = buckets.Where(b => ExceptionRules.IsLineCost(b, id, lastBooked));
            lineChoices = context.Agreement.Lines
                .Where(l => l.CostObjectCode == line.CostObjectCode && l.Year == line.Year && l.Id != line.Id)
                .Select(l => new LineChoice(l.Id, l.Label, context.Agreement.Areas.First(a => a.Id == l.AreaId).Name))
                .ToList();
        }
        else if (kind is { } k && !string.IsNullOrEmpty(key))
        {
            title = $"{ReconciliationException.KindText(k)}: {key}, {yearStart}–{through}";
            // The same rules the reconciliation lists its exceptions by (ExceptionRules).
            chosen = k switch
            {
                ExceptionKind.Investment => buckets.Where(b => b.CostObject == key && ExceptionRules.IsInvestment(context, b)),
                ExceptionKind.OutsidePeriod => buckets.Where(b => b.CostObject == key && ExceptionRules.IsOutsidePeriod(context, b))
                    .Concat((await engine.OutsideEveryPeriodAsync(context, ct)).Where(b => b.CostObject == key)),
                ExceptionKind.Activity => buckets.Where(b => b.Project == key && ExceptionRules.UndecidedOrEndedActivity(context, b) is not null),
                _ => context.Agreement.Lines.FirstOrDefault(l => l.Code == key && l.Year == year) is { } over
                    ? buckets.Where(b => ExceptionRules.IsLineCost(b, over.Id, lastBooked))
                    : [],
            };
        }
        else
        {
            return null;
        }

        // Within a year's months of one agreement a project code always maps to the same line, so the pairs are exact.
        var clauses = chosen
            .GroupBy(b => (b.CostObject, b.Class))
            .Select(g => new Clause(g.Key.CostObject, g.Select(b => b.Month).Distinct().ToList(), g.Select(b => b.Project).Distinct().ToList(), [g.Key.Class]))
            .ToList();
        return new Selection(context, title, lineId, from, lastBooked, clauses, lineChoices, context.Agreement.Lines.ToDictionary(l => l.Id, l => l.Code));
    }

    /// <summary>The rows the rules give the figure, untracked and unordered; empty when there are no clauses.</summary>
    public IQueryable<LedgerEntry> RuleRows(Selection selection)
    {
        if (selection.Clauses.Count == 0)
        {
            return db.LedgerEntries.AsNoTracking().Where(e => false);
        }
        var (sql, parameters) = Filter(selection.Clauses);
#pragma warning disable EF1002 // only parameter names and account numbers from the settings are interpolated
        return db.LedgerEntries.FromSqlRaw(sql, parameters).AsNoTracking();
#pragma warning restore EF1002
    }

    /// <summary>The number of rows the rules give the figure and their sum in öre, summed in SQL from the month totals.</summary>
    public async Task<(long Rows, long Ore)> RuleTotalsAsync(Selection selection, CancellationToken ct)
    {
        if (selection.Clauses.Count == 0)
        {
            return (0, 0);
        }
        // The same WHERE over the month totals (ADR 12): it names only columns the totals share with the rows (object,
        // month, project code, account number), so it selects exactly the groups of the rows the page lists.
        var (sql, parameters) = Filter(selection.Clauses, "LedgerMonthTotals");
#pragma warning disable EF1002
        var totals = await db.Database.SqlQueryRaw<RawTotal>($"SELECT COALESCE(SUM(\"Rows\"), 0) AS \"Rows\", COALESCE(SUM(\"Amount\"), 0) AS \"Ore\" FROM ({sql}) AS r", parameters)
            .SingleAsync(ct);
#pragma warning restore EF1002
        return (totals.Rows, totals.Ore);
    }

    private sealed record RawTotal(long Rows, long Ore);

    /// <summary>The agreement's reassigned rows, indexed by what identifies a row across re-imports.</summary>
    public async Task<Assignments> AssignmentsAsync(Selection selection, CancellationToken ct) =>
        new(await db.RowAssignments.AsNoTracking().Where(a => a.AgreementId == selection.Context.Agreement.Id).ToListAsync(ct));

    /// <summary>
    /// For a line: the rows an Ekonom moved to it from other lines (within the selection's months, cost accounts only),
    /// and the sum of the rows the rules give it that were moved away. For an exception: nothing.
    /// </summary>
    public async Task<(List<LedgerEntry> MovedIn, decimal MovedAwaySum)> MovesAsync(Selection selection, Assignments assignments, CancellationToken ct)
    {
        var movedIn = new List<LedgerEntry>();
        decimal movedAway = 0;
        if (selection.LineId is not { } target)
        {
            return (movedIn, movedAway);
        }
        var map = selection.Context.Map;
        foreach (var a in assignments.All.Where(a => a.Month >= selection.From && a.Month <= selection.LastBooked))
        {
            foreach (var e in await Matching(a).ToListAsync(ct))
            {
                var ruleLine = map.LineFor(e.CostObject, e.Month, e.Project ?? "");
                var isCost = settings.Accounts.Classify(e.AccountNumber) == AccountClass.Cost;
                if (a.LineId == target && ruleLine != target && isCost)
                {
                    movedIn.Add(e);
                }
                else if (a.LineId != target && ruleLine == target && isCost)
                {
                    movedAway += e.Amount;
                }
            }
        }
        return (movedIn, movedAway);
    }

    /// <summary>The WHERE of the clauses as SQL with its parameters (fresh parameter objects on each call: a query owns its parameters).</summary>
    private (string Sql, object[] Parameters) Filter(IReadOnlyList<Clause> clauses, string table = "LedgerEntries")
    {
        var sql = new StringBuilder($"SELECT * FROM \"{table}\" WHERE ");
        var parameters = new List<object>();
        var engine = new ReconciliationEngine(db, settings);
        string Add(object value)
        {
            var name = "p" + parameters.Count;
            parameters.Add(engine.Parameter(name, value));
            return "@" + name;
        }
        sql.Append(string.Join(" OR ", clauses.Select(c =>
        {
            var parts = new List<string>
            {
                $"\"CostObject\" = {Add(c.CostObject)}",
                $"\"Month\" IN ({string.Join(", ", c.Months.Select(m => Add(m.ToNumber())))})",
            };
            if (c.Projects is not null)
            {
                parts.Add($"COALESCE(\"Project\", '') IN ({string.Join(", ", c.Projects.Select(p => Add(p)))})");
            }
            if (c.Classes is not null)
            {
                parts.Add("(" + string.Join(" OR ", c.Classes.Select(k => Range(k))) + ")");
            }
            return "(" + string.Join(" AND ", parts) + ")";
        })));
        return (sql.ToString(), parameters.ToArray());
    }

    private string Range(AccountClass k) => AccountClassSql.Condition(settings.Accounts, k, "\"AccountNumber\"");

    /// <summary>The stored rows a reassignment names (identical rows in one voucher share it).</summary>
    public IQueryable<LedgerEntry> Matching(RowAssignment a) =>
        db.LedgerEntries.AsNoTracking().Where(e => e.Month == a.Month && e.Source == a.Source && e.CostObject == a.CostObject && e.Account == a.Account
            && e.VoucherSeries == a.VoucherSeries && e.VoucherNumber == a.VoucherNumber && e.VoucherDate == a.VoucherDate && e.Amount == a.Amount);

    /// <summary>The agreement's reassignment of a stored row, if any: found in SQL by the fields that identify the row.</summary>
    public static IQueryable<RowAssignment> AssignmentOf(AppDbContext db, int agreementId, LedgerEntry e) =>
        db.RowAssignments.Where(a => a.AgreementId == agreementId && a.Month == e.Month && a.Source == e.Source && a.CostObject == e.CostObject
            && a.Account == e.Account && a.VoucherSeries == e.VoucherSeries && a.VoucherNumber == e.VoucherNumber && a.VoucherDate == e.VoucherDate
            && a.Amount == e.Amount);

    /// <summary>
    /// An agreement's reassignments, looked up per row by the fields that identify a row across re-imports (a hash
    /// lookup, so that a streamed export of a million rows does not compare each row with every reassignment).
    /// </summary>
    public sealed class Assignments
    {
        private readonly Dictionary<Key, RowAssignment> _byKey = [];

        public Assignments(IReadOnlyList<RowAssignment> all)
        {
            All = all;
            foreach (var a in all)
            {
                _byKey.TryAdd(new Key(a.Month, a.Source, a.CostObject, a.Account, a.VoucherSeries, a.VoucherNumber, a.VoucherDate, a.Amount), a);
            }
        }

        public IReadOnlyList<RowAssignment> All { get; }

        /// <summary>The reassignment of the row, if an Ekonom moved it.</summary>
        public RowAssignment? For(LedgerEntry e) =>
            _byKey.Count > 0 && _byKey.TryGetValue(new Key(e.Month, e.Source, e.CostObject, e.Account, e.VoucherSeries, e.VoucherNumber, e.VoucherDate, e.Amount), out var a)
                ? a
                : null;

        private readonly record struct Key(YearMonth Month, string Source, string CostObject, string Account, string VoucherSeries, string VoucherNumber, DateOnly VoucherDate, decimal Amount);
    }
}
