using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="CheckOnly">Run every check and save nothing (<see cref="CreateAgreementCommand.CheckOnly"/>).</param>
public sealed record UpdateAreaCommand(int AgreementId, long Version, int AreaId, string Code, string Name, decimal? Amount, bool CheckOnly = false) : ICommand<Result>;

public sealed class UpdateAreaHandler(AppDbContext db) : ICommandHandler<UpdateAreaCommand, Result>
{
    public async ValueTask<Result> Handle(UpdateAreaCommand command, CancellationToken ct)
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
            return AreaGone;
        }
        var result = agreement.UpdateArea(area, command.Code, command.Name, command.Amount);
        return result.Succeeded && !command.CheckOnly ? await AgreementLoader.SaveAsync(db, ct) : AgreementLoader.Discard(db, result);
    }

    internal static readonly Result AreaGone =
        Result.Fail("", "Området finns inte längre i överenskommelsen. Gå tillbaka till överenskommelsen och försök igen.");
}
