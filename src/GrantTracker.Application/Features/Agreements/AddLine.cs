using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

public sealed record AddLineCommand(int AgreementId, long Version, int AreaId, LineDetails Details) : ICommand<Result<int>>;

public sealed class AddLineHandler(AppDbContext db) : ICommandHandler<AddLineCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(AddLineCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.AgreementId, ct);
        if (agreement is null)
        {
            return Result.Fail<int>(AgreementLoader.NotFound.Errors);
        }
        if (agreement.Version != command.Version)
        {
            return Result.Fail<int>(AgreementLoader.Stale.Errors);
        }
        var area = agreement.Areas.SingleOrDefault(a => a.Id == command.AreaId);
        if (area is null)
        {
            return Result.Fail<int>("AreaId", "Välj ett område i den här överenskommelsen.");
        }
        var added = agreement.AddLine(area, command.Details);
        if (!added.Succeeded)
        {
            return Result.Fail<int>(added.Errors);
        }
        var overlap = await CostObjectOverlap.CheckAsync(db, agreement, added.Value.CostObjectCode, ct);
        if (!overlap.Succeeded)
        {
            return Result.Fail<int>(overlap.Errors);
        }
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(added.Value.Id) : Result.Fail<int>(saved.Errors);
    }
}
