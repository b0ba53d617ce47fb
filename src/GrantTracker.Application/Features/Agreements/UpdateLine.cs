using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="AreaId">The leaf area the line belongs to; changing it moves the line.</param>
/// <param name="CheckOnly">Run every check and save nothing (<see cref="CreateAgreementCommand.CheckOnly"/>).</param>
public sealed record UpdateLineCommand(int AgreementId, long Version, int LineId, int AreaId, LineDetails Details, bool CheckOnly = false) : ICommand<Result>;

public sealed class UpdateLineHandler(AppDbContext db) : ICommandHandler<UpdateLineCommand, Result>
{
    public async ValueTask<Result> Handle(UpdateLineCommand command, CancellationToken ct)
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
        var line = agreement.Lines.SingleOrDefault(l => l.Id == command.LineId);
        if (line is null)
        {
            return LineGone;
        }
        var area = agreement.Areas.SingleOrDefault(a => a.Id == command.AreaId);
        if (area is null)
        {
            return Result.Fail("AreaId", "Välj ett område i den här överenskommelsen.");
        }
        var result = agreement.UpdateLine(line, area, command.Details);
        // The object's other agreements are checked even when the line is refused, so every problem is named at once.
        var overlap = await CostObjectOverlap.CheckAsync(db, agreement, (command.Details.CostObjectCode ?? "").Trim(), ct);
        var errors = result.Errors.Concat(overlap.Errors).ToList();
        if (errors.Count > 0 || command.CheckOnly)
        {
            return AgreementLoader.Discard(db, errors.Count > 0 ? Result.Fail(errors) : Result.Ok());
        }
        return await AgreementLoader.SaveAsync(db, ct);
    }

    internal static readonly Result LineGone =
        Result.Fail("", "Raden finns inte längre i överenskommelsen. Gå tillbaka till överenskommelsen och försök igen.");
}
