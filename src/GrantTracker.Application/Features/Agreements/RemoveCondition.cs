using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Removes a condition. One that a year's final report states how it was met (<see cref="Domain.Agreements.ConditionStatement"/>) is
/// kept: the statement would lose what it answers. The refusal says where to empty the statement first.
/// </summary>
public sealed record RemoveConditionCommand(int AgreementId, long Version, int ConditionId) : ICommand<Result>;

public sealed class RemoveConditionHandler(AppDbContext db) : ICommandHandler<RemoveConditionCommand, Result>
{
    public async ValueTask<Result> Handle(RemoveConditionCommand command, CancellationToken ct)
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
        var condition = agreement.Conditions.SingleOrDefault(c => c.Id == command.ConditionId);
        if (condition is null)
        {
            return UpdateConditionHandler.ConditionGone;
        }
        var years = await db.ConditionStatements.AsNoTracking().Where(s => s.ConditionId == condition.Id).Select(s => s.Year).Distinct().ToListAsync(ct);
        if (years.Count > 0)
        {
            var listed = string.Join(", ", years.Order());
            return Result.Fail("",
                $"Slutredovisningen för {listed} redovisar hur villkoret {condition.Code} uppfylldes, så villkoret kan inte tas bort. " +
                $"Töm redovisningen av villkoret under Rapporter → Slutredovisning {years.Max()} först, eller ändra villkorets text i stället.");
        }
        var result = agreement.RemoveCondition(condition);
        if (!result.Succeeded)
        {
            return result;
        }
        db.AgreementConditions.Remove(condition);
        return await AgreementLoader.SaveAsync(db, ct);
    }
}
