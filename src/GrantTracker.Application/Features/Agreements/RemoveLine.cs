using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

public sealed record RemoveLineCommand(int AgreementId, long Version, int LineId) : ICommand<Result>;

public sealed class RemoveLineHandler(AppDbContext db) : ICommandHandler<RemoveLineCommand, Result>
{
    public async ValueTask<Result> Handle(RemoveLineCommand command, CancellationToken ct)
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
            return UpdateLineHandler.LineGone;
        }
        var result = agreement.RemoveLine(line);
        if (!result.Succeeded)
        {
            return result;
        }
        // Said outright rather than left to orphan detection: the row must go, not just leave the collection.
        db.AllocationLines.Remove(line);
        return await AgreementLoader.SaveAsync(db, ct);
    }
}
