using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Removes one period of a cost object from the agreement. The last period of an object a line books on stays (the aggregate's rule),
/// and a period with a closed month, or before one, stays until the months are reopened: its costs are in what was closed.
/// </summary>
public sealed record RemoveCostObjectPeriodCommand(int AgreementId, long Version, int PeriodId) : ICommand<Result>;

public sealed class RemoveCostObjectPeriodHandler(AppDbContext db) : ICommandHandler<RemoveCostObjectPeriodCommand, Result>
{
    public async ValueTask<Result> Handle(RemoveCostObjectPeriodCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.AgreementId, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var period = agreement.CostObjects.SingleOrDefault(p => p.Id == command.PeriodId);
        if (period is null)
        {
            return UpdateCostObjectPeriodHandler.PeriodGone;
        }
        var result = agreement.RemoveCostObject(period);
        if (!result.Succeeded)
        {
            return result;
        }
        if (await ClosedMonthGuard.RefusalAsync(db, agreement.Id, period.From, $"Perioden {period.From}–{period.To} för objekt {period.CostObjectCode}", ct) is { } closed)
        {
            return closed;
        }
        db.CostObjectPeriods.Remove(period);
        return await AgreementLoader.SaveAsync(db, ct);
    }
}
