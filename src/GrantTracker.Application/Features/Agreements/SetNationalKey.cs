using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>What a national key is stated for: a development area (or sub-area) or an allocation line.</summary>
public enum NationalKeyTarget
{
    Area,
    Line,
}

/// <summary>
/// States the national amount and rule behind an area's or a line's amount, or removes it (<paramref name="Key"/> null).
/// A key that does not give the agreement's amount is saved as it is: the difference is shown, never refused.
/// </summary>
/// <param name="CheckOnly">Run every check and save nothing (<see cref="CreateAgreementCommand.CheckOnly"/>).</param>
public sealed record SetNationalKeyCommand(int AgreementId, long Version, NationalKeyTarget Target, int TargetId, NationalKey? Key, bool CheckOnly = false)
    : ICommand<Result>;

public sealed class SetNationalKeyHandler(AppDbContext db) : ICommandHandler<SetNationalKeyCommand, Result>
{
    public async ValueTask<Result> Handle(SetNationalKeyCommand command, CancellationToken ct)
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
        Result result;
        if (command.Target == NationalKeyTarget.Area)
        {
            var area = agreement.Areas.SingleOrDefault(a => a.Id == command.TargetId);
            if (area is null)
            {
                return UpdateAreaHandler.AreaGone;
            }
            result = agreement.SetNationalKey(area, command.Key);
        }
        else
        {
            var line = agreement.Lines.SingleOrDefault(l => l.Id == command.TargetId);
            if (line is null)
            {
                return UpdateLineHandler.LineGone;
            }
            result = agreement.SetNationalKey(line, command.Key);
        }
        return result.Succeeded && !command.CheckOnly ? await AgreementLoader.SaveAsync(db, ct) : AgreementLoader.Discard(db, result);
    }
}
