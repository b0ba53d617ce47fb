using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Removes a reporting requirement nobody has answered. One with an answer or an evidence file is refused, never removed with them:
/// the answers are part of what the region reported. The refusal says how to stop asking for it instead (a last year).
/// </summary>
public sealed record RemoveRequirementCommand(int AgreementId, long Version, int RequirementId) : ICommand<Result>;

public sealed class RemoveRequirementHandler(AppDbContext db) : ICommandHandler<RemoveRequirementCommand, Result>
{
    public async ValueTask<Result> Handle(RemoveRequirementCommand command, CancellationToken ct)
    {
        var agreement = await db.Agreements.SingleOrDefaultAsync(a => a.Id == command.AgreementId, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var requirement = await db.ReportingRequirements.SingleOrDefaultAsync(r => r.Id == command.RequirementId && r.AgreementId == agreement.Id, ct);
        if (requirement is null)
        {
            return UpdateRequirementHandler.RequirementGone;
        }
        var answered = await UpdateRequirementHandler.AnsweredYearsAsync(db, requirement.Id, ct);
        if (answered.Count > 0)
        {
            return Result.Fail("",
                $"Kravet {requirement.Code} har svar eller underlag för {UpdateRequirementHandler.Years(answered)} och kan inte tas bort: de hör till det regionen redovisat. " +
                $"Ange i stället {answered[^1]} som kravets sista år, så efterfrågas det inte för senare år.");
        }
        db.ReportingRequirements.Remove(requirement);
        return await AgreementLoader.SaveAsync(db, ct);
    }
}
