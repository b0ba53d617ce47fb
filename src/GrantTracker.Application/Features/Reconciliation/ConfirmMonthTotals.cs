using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Ledger;
using Mediator;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// The Ekonom confirms a month's totals as the page shows them, having compared them with the ledger: the third way to tie out a month
/// (ADR 21), kept with name and time (and, as every save, in the audit trail).
/// </summary>
/// <param name="ShownAmount">The month's total the page showed; a confirmation of totals that have changed since is refused.</param>
/// <param name="ShownRows">The month's row count the page showed.</param>
public sealed record ConfirmMonthTotalsCommand(string AgreementCode, YearMonth Month, decimal? ShownAmount = null, long? ShownRows = null) : ICommand<Result>;

public sealed class ConfirmMonthTotalsHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<ConfirmMonthTotalsCommand, Result>
{
    public async ValueTask<Result> Handle(ConfirmMonthTotalsCommand command, CancellationToken ct)
    {
        var agreementId = await AgreementLoader.IdByCodeAsync(db, command.AgreementCode, ct);
        if (agreementId is null)
        {
            return AgreementLoader.UnknownCode;
        }
        var objects = await MonthTieOuts.ObjectsAsync(db, agreementId.Value, ct);
        var state = (await MonthTieOuts.LoadAsync(db, objects, command.Month, command.Month, ct)).Single();
        if (state.Objects.Count == 0)
        {
            return Result.Fail("Month", $"Överenskommelsen har inga kostnadsobjekt i {command.Month}, så det finns inga summor att bekräfta.");
        }
        if ((command.ShownAmount is { } amount && amount != state.Amount) || (command.ShownRows is { } rows && rows != state.Rows))
        {
            return Result.Fail("Month",
                $"Summorna för {command.Month} har ändrats sedan sidan visades (nu {Money.Format(state.Amount)}, {state.Rows} rader): en import har kommit emellan. " +
                "Jämför de nya summorna med huvudboken och bekräfta igen.");
        }
        if (state.TiedOut)
        {
            return Result.Fail("Month", $"{command.Month} är redan avstämd ({state.How}).");
        }
        await MonthTieOuts.TieOutAsync(db, state.Objects.Where(o => !o.TiedOut).Select(o => (command.Month, o.CostObject)).ToList(),
            TieOutMethod.Bekraftad, actor.UserName, clock.GetUtcNow().UtcDateTime, null, ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }
}
