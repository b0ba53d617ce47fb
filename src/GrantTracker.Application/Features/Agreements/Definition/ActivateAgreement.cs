using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements.Definition;

/// <summary>A draft (Utkast) becomes active once the officer has checked it (<see cref="GetAgreementChecklistQuery"/>); audited as every save.</summary>
public sealed record ActivateAgreementCommand(int Id, long Version) : ICommand<Result>;

public sealed class ActivateAgreementHandler(AppDbContext db) : ICommandHandler<ActivateAgreementCommand, Result>
{
    public async ValueTask<Result> Handle(ActivateAgreementCommand command, CancellationToken ct)
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
        var activated = agreement.Activate();
        return activated.Succeeded ? await AgreementLoader.SaveAsync(db, ct) : activated;
    }
}
