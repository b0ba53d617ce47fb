using System.Text;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// The ledger rows behind a reconciliation figure: a line's booked cost (to date, or in the month alone) or an
/// exception. The page's sum equals the figure: rows the rules give the line, less rows an Ekonom moved to
/// another line, plus rows moved to it.
/// </summary>
public sealed record ListReconciliationRowsQuery(
    string AgreementCode, YearMonth Through, int? LineId = null, ExceptionKind? Kind = null, string? Key = null, bool MonthOnly = false, int Page = 1)
    : IQuery<ReconciliationRows?>;

public sealed record ReconciliationRows(
    string AgreementCode,
    string AgreementName,
    YearMonth Through,
    string Title,
    int? LineId,
    IReadOnlyList<LedgerRowView> Rows,
    long RuleRows,
    decimal RuleSum,
    IReadOnlyList<LedgerRowView> MovedIn,
    decimal MovedAwaySum,
    int Page,
    int PageSize,
    IReadOnlyList<LineChoice> LineChoices)
{
    public decimal Sum => RuleSum - MovedAwaySum + MovedIn.Sum(r => r.Amount);

    public int PageCount => (int)Math.Max(1, (RuleRows + PageSize - 1) / PageSize);
}

/// <param name="MovedTo">The line code an Ekonom moved the row to, when it is no longer on this line.</param>
public sealed record LedgerRowView(long Id, YearMonth Month, DateOnly VoucherDate, DateOnly RowDate, string Voucher, string Account, decimal Amount,
    string CostObject, string? Project, string? Text, int Line, string Source, string? MovedTo);

/// <summary>A line a row on the same object and year may be moved to.</summary>
public sealed record LineChoice(int Id, string Code, string Name);

/// <summary>Moves a ledger row (and identical rows in its voucher) to another line of the same object and year, with a reason.</summary>
public sealed record ReassignRowCommand(string AgreementCode, long EntryId, int LineId, string? Reason) : ICommand<Result>;

/// <summary>Undoes a move: the rows go back to the line the rules give them.</summary>
public sealed record RemoveRowAssignmentCommand(string AgreementCode, long EntryId) : ICommand<Result>;

public sealed class ReconciliationRowsHandler(AppDbContext db, ReconciliationSettings settings, IAuditActor actor, TimeProvider clock)
    : IQueryHandler<ListReconciliationRowsQuery, ReconciliationRows?>, ICommandHandler<ReassignRowCommand, Result>, ICommandHandler<RemoveRowAssignmentCommand, Result>
{
    public const int PageSize = 100;

    private sealed record Clause(string CostObject, IReadOnlyCollection<YearMonth> Months, IReadOnlyCollection<string>? Projects, IReadOnlyCollection<AccountClass>? Classes);

    public async ValueTask<ReconciliationRows?> Handle(ListReconciliationRowsQuery query, CancellationToken ct)
    {
        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(query.AgreementCode, ct);
        if (context is null)
        {
            return null;
        }
        var year = context.YearOf(query.Through);
        var yearStart = new YearMonth(year, 1);
        var from = query.MonthOnly ? query.Through : yearStart;
        var buckets = (query.Through < yearStart ? [] : await engine.BucketsAsync(context, from, query.Through, ct))
            .Where(b => !b.Moved) // reassigned rows are listed apart
            .ToList();
        var map = context.Map;
        var lastBooked = query.Through < new YearMonth(year, 12) ? query.Through : new YearMonth(year, 12);

        string title;
        IEnumerable<ReconciliationEngine.Bucket> chosen;
        var lineChoices = new List<LineChoice>();
        if (query.LineId is { } lineId)
        {
            var line = context.Agreement.Lines.FirstOrDefault(l => l.Id == lineId);
            if (line is null)
            {
                return null;
            }
            var area = context.Agreement.Areas.First(a => a.Id == line.AreaId);
            title = $"Bokförd kostnad {line.Code} {area.Name}, objekt {line.CostObjectCode}, " + (query.MonthOnly ? $"{query.Through}" : $"{yearStart}–{lastBooked}");
            chosen = buckets.Where(b => b.LineId == lineId && b.Class == AccountClass.Cost && b.Month <= lastBooked);
            lineChoices = context.Agreement.Lines
                .Where(l => l.CostObjectCode == line.CostObjectCode && l.Year == line.Year && l.Id != line.Id)
                .Select(l => new LineChoice(l.Id, l.Code, context.Agreement.Areas.First(a => a.Id == l.AreaId).Name))
                .ToList();
        }
        else if (query.Kind is { } kind && !string.IsNullOrEmpty(query.Key))
        {
            var key = query.Key;
            title = $"{ReconciliationException.KindText(kind)}: {key}, {yearStart}–{query.Through}";
            chosen = kind switch
            {
                ExceptionKind.Investment => buckets.Where(b => b.CostObject == key && b.Class == AccountClass.Investment && map.IsOurs(b.CostObject, b.Month)),
                ExceptionKind.OutsidePeriod => buckets.Where(b => b.CostObject == key && b.LineId is null && b.Class == AccountClass.Cost && map.IsOurs(b.CostObject, b.Month))
                    .Concat((await engine.OutsideEveryPeriodAsync(context, ct)).Where(b => b.CostObject == key)),
                ExceptionKind.Activity => buckets.Where(b => b.Project == key && b.Class == AccountClass.Cost && map.IsOurs(b.CostObject, b.Month)
                    && map.Activity(b.CostObject, b.Project) is { } a && (!a.Approved || (a.EndMonth is { } end && b.Month > end))),
                _ => context.Agreement.Lines.FirstOrDefault(l => l.Code == key && l.Year == year) is { } over
                    ? buckets.Where(b => b.LineId == over.Id && b.Class == AccountClass.Cost && b.Month <= lastBooked)
                    : [],
            };
        }
        else
        {
            return null;
        }

        // One clause per object and class set: the months and project codes of the groups chosen. Within a
        // year's months of one agreement a project code always maps to the same line, so the pairs are exact.
        var clauses = chosen
            .GroupBy(b => (b.CostObject, b.Class))
            .Select(g => new Clause(g.Key.CostObject, g.Select(b => b.Month).Distinct().ToList(), g.Select(b => b.Project).Distinct().ToList(), [g.Key.Class]))
            .ToList();
        var assignments = await db.RowAssignments.AsNoTracking().Where(a => a.AgreementId == context.Agreement.Id).ToListAsync(ct);
        var lineCodes = context.Agreement.Lines.ToDictionary(l => l.Id, l => l.Code);

        var rows = new List<LedgerRowView>();
        long total = 0;
        decimal ruleSum = 0;
        if (clauses.Count > 0)
        {
            var (sql, parameters) = Filter(clauses);
#pragma warning disable EF1002 // only parameter names and account numbers from the settings are interpolated
            var totals = await db.Database.SqlQueryRaw<RawTotal>($"SELECT COUNT(*) AS \"Rows\", COALESCE(SUM(\"Amount\"), 0) AS \"Ore\" FROM ({sql}) AS r", parameters)
                .SingleAsync(ct);
            total = totals.Rows;
            ruleSum = Money.FromOre(totals.Ore);
            var ruleRows = db.LedgerEntries.FromSqlRaw(sql, Filter(clauses).Parameters).AsNoTracking();
#pragma warning restore EF1002
            var page = Math.Max(1, query.Page);
            var entries = await ruleRows
                .OrderBy(e => e.VoucherDate).ThenBy(e => e.VoucherSeries).ThenBy(e => e.VoucherNumber).ThenBy(e => e.Id)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .ToListAsync(ct);
            rows = entries.Select(e => View(e, assignments.FirstOrDefault(a => Matches(a, e)) is { } moved && moved.LineId != query.LineId ? lineCodes[moved.LineId] : null)).ToList();
        }

        var movedIn = new List<LedgerRowView>();
        decimal movedAway = 0;
        if (query.LineId is { } target)
        {
            foreach (var a in assignments.Where(a => a.Month >= from && a.Month <= lastBooked))
            {
                var matching = await Matching(a).ToListAsync(ct);
                foreach (var e in matching)
                {
                    var ruleLine = map.LineFor(e.CostObject, e.Month, e.Project ?? "");
                    var isCost = settings.Accounts.Classify(e.AccountNumber) == AccountClass.Cost;
                    if (a.LineId == target && ruleLine != target && isCost)
                    {
                        movedIn.Add(View(e, null));
                    }
                    else if (a.LineId != target && ruleLine == target && isCost)
                    {
                        movedAway += e.Amount;
                    }
                }
            }
        }

        return new ReconciliationRows(context.Agreement.Code, context.Agreement.Name, query.Through, title, query.LineId, rows, total, ruleSum,
            movedIn, movedAway, Math.Max(1, query.Page), PageSize, lineChoices);
    }

    private sealed record RawTotal(long Rows, long Ore);

    /// <summary>The WHERE of the clauses as SQL with its parameters (fresh parameter objects on each call: a query owns its parameters).</summary>
    private (string Sql, object[] Parameters) Filter(IReadOnlyList<Clause> clauses)
    {
        var sql = new StringBuilder("SELECT * FROM \"LedgerEntries\" WHERE ");
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

    private string Range(AccountClass k)
    {
        var p = settings.Accounts;
        return k switch
        {
            AccountClass.Cost => $"\"AccountNumber\" BETWEEN {p.Cost.From} AND {p.Cost.To}",
            AccountClass.Income => $"\"AccountNumber\" BETWEEN {p.Income.From} AND {p.Income.To}",
            AccountClass.Investment => $"\"AccountNumber\" BETWEEN {p.Investment.From} AND {p.Investment.To}",
            _ => $"NOT (\"AccountNumber\" BETWEEN {p.Cost.From} AND {p.Cost.To} OR \"AccountNumber\" BETWEEN {p.Income.From} AND {p.Income.To} " +
                 $"OR \"AccountNumber\" BETWEEN {p.Investment.From} AND {p.Investment.To})",
        };
    }

    private IQueryable<LedgerEntry> Matching(RowAssignment a) =>
        db.LedgerEntries.AsNoTracking().Where(e => e.Month == a.Month && e.Source == a.Source && e.CostObject == a.CostObject && e.Account == a.Account
            && e.VoucherSeries == a.VoucherSeries && e.VoucherNumber == a.VoucherNumber && e.VoucherDate == a.VoucherDate && e.Amount == a.Amount);

    private static bool Matches(RowAssignment a, LedgerEntry e) =>
        a.Month == e.Month && a.Source == e.Source && a.CostObject == e.CostObject && a.Account == e.Account && a.VoucherSeries == e.VoucherSeries
        && a.VoucherNumber == e.VoucherNumber && a.VoucherDate == e.VoucherDate && a.Amount == e.Amount;

    private static LedgerRowView View(LedgerEntry e, string? movedTo) =>
        new(e.Id, e.Month, e.VoucherDate, e.RowDate, $"{e.VoucherSeries} {e.VoucherNumber}".Trim(), e.Account, e.Amount, e.CostObject, e.Project, e.Text, e.Line, e.Source, movedTo);

    public async ValueTask<Result> Handle(ReassignRowCommand command, CancellationToken ct)
    {
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return Result.Fail("Reason", "Ange varför raden flyttas till en annan rad: skälet sparas i historiken.");
        }
        if (reason.Length > 1000)
        {
            return Result.Fail("Reason", "Skälet får vara högst 1 000 tecken.");
        }
        var code = command.AgreementCode.Trim();
        var agreement = await db.Agreements.AsNoTracking().Include(a => a.Lines).SingleOrDefaultAsync(a => a.Code == code, ct);
        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == command.EntryId, ct);
        if (agreement is null || entry is null)
        {
            return Result.Fail("", "Raden finns inte längre: en senare import kan ha ersatt den. Ladda om sidan.");
        }
        var line = agreement.Lines.FirstOrDefault(l => l.Id == command.LineId);
        if (line is null || line.CostObjectCode != entry.CostObject || line.Year != entry.Month.Year)
        {
            return Result.Fail("LineId", $"Välj en rad i överenskommelsen med objekt {entry.CostObject} för {entry.Month.Year}.");
        }
        var existing = await db.RowAssignments.Where(a => a.AgreementId == agreement.Id).ToListAsync(ct);
        var assignment = existing.FirstOrDefault(a => Matches(a, entry));
        if (assignment is null)
        {
            assignment = new RowAssignment
            {
                AgreementId = agreement.Id, Source = entry.Source, Month = entry.Month, VoucherSeries = entry.VoucherSeries, VoucherNumber = entry.VoucherNumber,
                VoucherDate = entry.VoucherDate, Account = entry.Account, CostObject = entry.CostObject, Amount = entry.Amount,
            };
            db.RowAssignments.Add(assignment);
        }
        assignment.LineId = line.Id;
        assignment.Reason = reason;
        assignment.AssignedAtUtc = clock.GetUtcNow().UtcDateTime;
        assignment.AssignedBy = actor.UserName;
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async ValueTask<Result> Handle(RemoveRowAssignmentCommand command, CancellationToken ct)
    {
        var code = command.AgreementCode.Trim();
        var agreementId = await db.Agreements.Where(a => a.Code == code).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == command.EntryId, ct);
        if (agreementId is null || entry is null)
        {
            return Result.Fail("", "Raden finns inte längre. Ladda om sidan.");
        }
        var assignment = (await db.RowAssignments.Where(a => a.AgreementId == agreementId).ToListAsync(ct)).FirstOrDefault(a => Matches(a, entry));
        if (assignment is null)
        {
            return Result.Fail("", "Raden är inte flyttad.");
        }
        db.RowAssignments.Remove(assignment);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
