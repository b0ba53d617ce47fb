using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

public sealed record RemoveAreaCommand(int AgreementId, long Version, int AreaId) : ICommand<Result>;

public sealed class RemoveAreaHandler(AppDbContext db) : ICommandHandler<RemoveAreaCommand, Result>
{
    public async ValueTask<Result> Handle(RemoveAreaCommand command, CancellationToken ct)
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
        var area = agreement.Areas.SingleOrDefault(a => a.Id == command.AreaId);
        if (area is null)
        {
            return UpdateAreaHandler.AreaGone;
        }
        // Activities live outside the aggregate; the foreign key would refuse with an exception instead of a message.
        if (await db.Activities.AnyAsync(x => x.AreaId == area.Id, ct))
        {
            return Result.Fail("", $"Området {area.Code} har insatser. Flytta eller ta bort insatserna först.");
        }
        var result = agreement.RemoveArea(area);
        if (!result.Succeeded)
        {
            return result;
        }
        db.DevelopmentAreas.Remove(area);
        return await AgreementLoader.SaveAsync(db, ct);
    }
}
