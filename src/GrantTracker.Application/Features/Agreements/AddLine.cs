using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="CheckOnly">Run every check and save nothing (<see cref="CreateAgreementCommand.CheckOnly"/>).</param>
public sealed record AddLineCommand(int AgreementId, long Version, int AreaId, LineDetails Details, bool CheckOnly = false) : ICommand<Result<int>>;

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
        // The object's other agreements are checked even when the line is refused, so every problem is named at once.
        var overlap = await CostObjectOverlap.CheckAsync(db, agreement, (command.Details.CostObjectCode ?? "").Trim(), ct);
        var errors = added.Errors.Concat(overlap.Errors).ToList();
        if (errors.Count > 0 || command.CheckOnly)
        {
            return AgreementLoader.Discard(db, errors.Count > 0 ? Result.Fail<int>(errors) : Result.Ok(0));
        }
        var saved = await AgreementLoader.SaveAsync(db, ct);
        return saved.Succeeded ? Result.Ok(added.Value.Id) : Result.Fail<int>(saved.Errors);
    }
}
