using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>The region's population share (a fraction, 0,01259986 for 1,259986 %) that the national keys are checked at; null: not known.</summary>
public sealed record SetPopulationShareCommand(int AgreementId, long Version, decimal? Share) : ICommand<Result>;

public sealed class SetPopulationShareHandler(AppDbContext db) : ICommandHandler<SetPopulationShareCommand, Result>
{
    public async ValueTask<Result> Handle(SetPopulationShareCommand command, CancellationToken ct)
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
        var result = agreement.SetPopulationShare(command.Share);
        return result.Succeeded ? await AgreementLoader.SaveAsync(db, ct) : AgreementLoader.Discard(db, result);
    }
}
