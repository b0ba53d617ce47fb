using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="Version">The version the user edited; a save on top of someone else's newer save is refused.</param>
/// <param name="CheckOnly">Run every check and save nothing (<see cref="CreateAgreementCommand.CheckOnly"/>).</param>
public sealed record UpdateAgreementCommand(int Id, long Version, AgreementDetails Details, bool CheckOnly = false) : ICommand<Result>;

public sealed class UpdateAgreementHandler(AppDbContext db) : ICommandHandler<UpdateAgreementCommand, Result>
{
    public async ValueTask<Result> Handle(UpdateAgreementCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.Id, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var result = agreement.UpdateDetails(command.Details);
        if (!result.Succeeded || command.CheckOnly)
        {
            return AgreementLoader.Discard(db, result);
        }
        return await AgreementLoader.SaveAsync(db, ct);
    }
}
