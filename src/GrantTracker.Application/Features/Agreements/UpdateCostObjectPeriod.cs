using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Renames a cost object's period in the agreement or moves its months. Moved months are refused when they overlap another
/// agreement's period of the object (naming it) or when a closed month, or a month before one, would change its costs.
/// </summary>
/// <param name="CheckOnly">Check everything and save nothing: the form asks for the use case's refusals beside its own (a field it could not read).</param>
public sealed record UpdateCostObjectPeriodCommand(int AgreementId, long Version, int PeriodId, string Name, YearMonth From, YearMonth To, bool CheckOnly = false)
    : ICommand<Result>;

public sealed class UpdateCostObjectPeriodHandler(AppDbContext db) : ICommandHandler<UpdateCostObjectPeriodCommand, Result>
{
    public async ValueTask<Result> Handle(UpdateCostObjectPeriodCommand command, CancellationToken ct)
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
            return PeriodGone;
        }
        var changedFrom = FirstChangedMonth(period.From, period.To, command.From, command.To);
        var result = agreement.UpdateCostObject(period, command.Name, command.From, command.To);
        if (!result.Succeeded)
        {
            return result;
        }
        return await CostObjectMonths.RefusalAsync(db, agreement, period.CostObjectCode, changedFrom, ct)
               ?? (command.CheckOnly ? Result.Ok() : await AgreementLoader.SaveAsync(db, ct));
    }

    /// <summary>The first month that moves in or out of the period; null when only the name changes.</summary>
    internal static YearMonth? FirstChangedMonth(YearMonth oldFrom, YearMonth oldTo, YearMonth newFrom, YearMonth newTo)
    {
        YearMonth? first = null;
        if (oldFrom != newFrom)
        {
            first = oldFrom < newFrom ? oldFrom : newFrom;
        }
        if (oldTo != newTo)
        {
            var end = (oldTo < newTo ? oldTo : newTo).AddMonths(1);
            first = first is { } f && f < end ? f : end;
        }
        return first;
    }

    internal static readonly Result PeriodGone =
        Result.Fail("", "Perioden finns inte längre i överenskommelsen. Gå tillbaka till kostnadsobjekten och försök igen.");
}
