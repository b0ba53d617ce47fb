using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <param name="AreaId">The leaf area the line belongs to; changing it moves the line.</param>
public sealed record UpdateLineCommand(int AgreementId, long Version, int LineId, int AreaId, LineDetails Details) : ICommand<Result>;

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
        if (!result.Succeeded)
        {
            return result;
        }
        var overlap = await CostObjectOverlap.CheckAsync(db, agreement, line.CostObjectCode, ct);
        return overlap.Succeeded ? await AgreementLoader.SaveAsync(db, ct) : overlap;
    }

    internal static readonly Result LineGone =
        Result.Fail("", "Raden finns inte längre i överenskommelsen. Gå tillbaka till överenskommelsen och försök igen.");
}
