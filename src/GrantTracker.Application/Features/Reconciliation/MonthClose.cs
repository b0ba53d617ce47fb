using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// Closes a month for an agreement after review: the month is then frozen, and an import that would change it
/// is refused. Only when every exception through the month is annotated or resolved, and the month's totals are tied out to the
/// ledger's own balance (ADR 21).
/// </summary>
public sealed record CloseMonthCommand(string AgreementCode, YearMonth Month) : ICommand<Result>;

/// <summary>Reopens a closed month; the reason is required and kept with the month and in the audit trail.</summary>
public sealed record ReopenMonthCommand(string AgreementCode, YearMonth Month, string? Reason) : ICommand<Result>;

public sealed class CloseMonthHandler(AppDbContext db, ReconciliationSettings settings, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<CloseMonthCommand, Result>, ICommandHandler<ReopenMonthCommand, Result>
{
    public const int MinReasonLength = 5;

    /// <summary>The refusal of a month after the current one: one text, shown by the page and the CLI alike.</summary>
    public static string FutureMonth(YearMonth month, DateOnly today) =>
        $"{month} kan inte stängas: månaden har inte kommit än (i dag är {SwedishFormat.Date(today)}). Stäng en månad när den är bokförd och avstämd.";

    public async ValueTask<Result> Handle(CloseMonthCommand command, CancellationToken ct)
    {
        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(command.AgreementCode, ct);
        if (context is null)
        {
            return AgreementLoader.UnknownCode;
        }
        if (command.Month < context.FirstMonth || command.Month > context.LastMonth)
        {
            return Result.Fail("Month", $"{command.Month} ligger utanför överenskommelsens perioder ({context.FirstMonth}–{context.LastMonth}).");
        }
        // Issue 25: a month not yet begun has nothing booked to stand behind; closing it would lock imports that have not happened.
        var today = SwedishFormat.Today(clock);
        if (command.Month > YearMonth.Of(today))
        {
            return Result.Fail("Month", FutureMonth(command.Month, today));
        }
        var existing = await db.ClosedMonths.SingleOrDefaultAsync(c => c.AgreementId == context.Agreement.Id && c.Month == command.Month, ct);
        if (existing is { IsClosed: true })
        {
            return Result.Fail("Month", $"{command.Month} är redan stängd ({existing.ClosedBy}, {SwedishFormat.DateTime(existing.ClosedAtUtc)}).");
        }
        var reconciliation = await ReconcileHandler.ReconcileAsync(engine, context, command.Month, ct);
        if (reconciliation.Open.Count > 0)
        {
            var list = string.Join("; ", reconciliation.Open.Select(e => e.Label));
            return Result.Fail("Month",
                $"{command.Month} kan inte stängas: {reconciliation.Open.Count} avvikelser saknar kommentar eller åtgärd: {list}. Kommentera eller åtgärda dem under Avvikelser och stäng sedan månaden.");
        }
        // ADR 21: the month's totals must be tied out to the ledger's own balance, so that an edited file cannot be closed on.
        var tieOut = (await MonthTieOuts.LoadAsync(db, await MonthTieOuts.ObjectsAsync(db, context.Agreement.Id, ct), command.Month, command.Month, ct)).Single();
        if (!tieOut.TiedOut)
        {
            return Result.Fail("Month", MonthTieOuts.NotTiedOut(tieOut));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (existing is null)
        {
            db.ClosedMonths.Add(new ClosedMonth { AgreementId = context.Agreement.Id, Month = command.Month, ClosedAtUtc = now, ClosedBy = actor.UserName });
        }
        else
        {
            existing.ClosedAtUtc = now;
            existing.ClosedBy = actor.UserName;
            existing.ReopenedAtUtc = null;
            existing.ReopenedBy = null;
            existing.ReopenReason = null;
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    public async ValueTask<Result> Handle(ReopenMonthCommand command, CancellationToken ct)
    {
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length < MinReasonLength)
        {
            return Result.Fail("Reason", "Ange varför månaden öppnas igen (minst fem tecken): skälet sparas i historiken.");
        }
        if (reason.Length > 1000)
        {
            return Result.Fail("Reason", "Skälet får vara högst 1 000 tecken.");
        }
        var agreementId = await AgreementLoader.IdByCodeAsync(db, command.AgreementCode, ct);
        if (agreementId is null)
        {
            return AgreementLoader.UnknownCode;
        }
        var closed = await db.ClosedMonths.SingleOrDefaultAsync(c => c.AgreementId == agreementId && c.Month == command.Month, ct);
        if (closed is not { IsClosed: true })
        {
            return Result.Fail("Month", $"{command.Month} är inte stängd.");
        }
        closed.ReopenedAtUtc = clock.GetUtcNow().UtcDateTime;
        closed.ReopenedBy = actor.UserName;
        closed.ReopenReason = reason;
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
