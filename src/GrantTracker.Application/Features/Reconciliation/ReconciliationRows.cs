using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
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

public sealed class ReconciliationRowsHandler(AppDbContext db, ReconciliationSettings settings, IAuditActor actor, TimeProvider clock, FiguresCache cache)
    : IQueryHandler<ListReconciliationRowsQuery, ReconciliationRows?>, ICommandHandler<ReassignRowCommand, Result>, ICommandHandler<RemoveRowAssignmentCommand, Result>
{
    public const int PageSize = 100;

    /// <summary>Once per page and change of the data, however many requests ask (<see cref="FiguresCache"/>).</summary>
    public async ValueTask<ReconciliationRows?> Handle(ListReconciliationRowsQuery query, CancellationToken ct) =>
        await cache.GetAsync(db, query, token => ComputeAsync(query, token), ct);

    private async Task<ReconciliationRows?> ComputeAsync(ListReconciliationRowsQuery query, CancellationToken ct)
    {
        var selector = new LedgerRowSelection(db, settings);
        var selection = await selector.SelectAsync(query.AgreementCode, query.Through, query.LineId, query.Kind, query.Key, query.MonthOnly, ct);
        if (selection is null)
        {
            return null;
        }
        var assignments = await selector.AssignmentsAsync(selection, ct);
        var (total, ruleOre) = await selector.RuleTotalsAsync(selection, ct);
        var page = Math.Max(1, query.Page);
        var entries = await selector.RuleRows(selection)
            // Voucher order; the month first (it follows from the voucher date) so that the rows index, which starts with
            // object and month, gives the order and a page reads its own rows, not the line's (ADR 12).
            .OrderBy(e => e.Month).ThenBy(e => e.VoucherDate).ThenBy(e => e.VoucherSeries).ThenBy(e => e.VoucherNumber).ThenBy(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
        var rows = entries
            .Select(e => View(e, assignments.For(e) is { } moved && moved.LineId != query.LineId ? selection.LineCodes[moved.LineId] : null))
            .ToList();
        var (movedIn, movedAway) = await selector.MovesAsync(selection, assignments, ct);

        return new ReconciliationRows(selection.Context.Agreement.Code, selection.Context.Agreement.Name, query.Through, selection.Title, query.LineId, rows,
            total, Money.FromOre(ruleOre), movedIn.Select(e => View(e, null)).ToList(), movedAway, page, PageSize, selection.LineChoices);
    }

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
        if (await ClosedAsync(agreement.Id, entry.Month, ct) is { } closed)
        {
            return closed;
        }
        var line = agreement.Lines.FirstOrDefault(l => l.Id == command.LineId);
        if (line is null || line.CostObjectCode != entry.CostObject || line.Year != entry.Month.Year)
        {
            return Result.Fail("LineId", $"Välj en rad i överenskommelsen med objekt {entry.CostObject} för {entry.Month.Year}.");
        }
        var assignment = await LedgerRowSelection.AssignmentOf(db, agreement.Id, entry).FirstOrDefaultAsync(ct);
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
        var agreementId = await AgreementLoader.IdByCodeAsync(db, command.AgreementCode, ct);
        var entry = await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == command.EntryId, ct);
        if (agreementId is null || entry is null)
        {
            return Result.Fail("", "Raden finns inte längre. Ladda om sidan.");
        }
        var assignment = await LedgerRowSelection.AssignmentOf(db, agreementId.Value, entry).FirstOrDefaultAsync(ct);
        if (assignment is null)
        {
            return Result.Fail("", "Raden är inte flyttad.");
        }
        if (await ClosedAsync(agreementId.Value, entry.Month, ct) is { } closed)
        {
            return closed;
        }
        db.RowAssignments.Remove(assignment);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>
    /// A move changes the figures of the row's month: refused while the month is closed, as an import that would
    /// change it is, until an Ekonom reopens it.
    /// </summary>
    private async Task<Result?> ClosedAsync(int agreementId, YearMonth month, CancellationToken ct) =>
        await db.ClosedMonths.AnyAsync(c => c.AgreementId == agreementId && c.Month == month && c.ReopenedAtUtc == null, ct)
            ? Result.Fail("", $"Månaden {month} är stängd och raden kan inte flyttas. Öppna månaden igen under Avstämning (det kräver ett skäl) och flytta sedan raden.")
            : null;
}
