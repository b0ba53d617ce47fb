using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

/// <summary>
/// A decision maker's decision on a prepared activity: approve (needs the exit budget) or reject. Approving an activity whose period or
/// agreement has ended needs a <paramref name="LateReason"/> (issue 25, <see cref="Activity.ConfirmLate"/>), kept in the transition's
/// note and so in the audit trail. A rejection needs none: it commits no money.
/// </summary>
public sealed record DecideActivityCommand(int Id, long Version, bool Approve, DateOnly DecisionDate, string DecisionReference, string? Note, string? LateReason = null)
    : ICommand<Result>;

public sealed class DecideActivityHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<DecideActivityCommand, Result>
{
    public async ValueTask<Result> Handle(DecideActivityCommand command, CancellationToken ct)
    {
        var activity = await ActivityLoader.LoadAsync(db, command.Id, ct);
        if (activity is null)
        {
            return ActivityLoader.NotFound;
        }
        if (activity.Version != command.Version)
        {
            return ActivityLoader.Stale(activity);
        }
        var at = clock.GetUtcNow().UtcDateTime;
        string? confirmation = null;
        if (command.Approve && activity.Status == ActivityStatus.Beredd)
        {
            var agreementEnd = await db.Agreements.Where(a => a.Id == activity.AgreementId).Select(a => (DateOnly?)a.EndDate).SingleOrDefaultAsync(ct);
            var late = Activity.ConfirmLate(Activity.Ended(activity.EndDate, agreementEnd, SwedishFormat.Today(clock)), command.LateReason, "beviljad");
            if (!late.Succeeded)
            {
                return Result.Fail(late.Errors);
            }
            confirmation = late.Value;
        }
        var result = command.Approve
            ? activity.Approve(command.DecisionDate, command.DecisionReference, command.Note, at, actor.UserName, confirmation)
            : activity.Reject(command.DecisionDate, command.DecisionReference, command.Note, at, actor.UserName);
        return result.Succeeded ? await ActivityLoader.SaveAsync(db, activity, command.Version, ct) : result;
    }
}
