using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

/// <summary>The steps an officer takes: prepare for decision, return to draft, start, complete, wind down.</summary>
public enum ActivityStep
{
    Prepare,
    ReturnToDraft,
    Start,
    Complete,
    WindDown,
}

/// <param name="LateReason">
/// Preparing an activity whose period or agreement has ended needs a reason (issue 25, <see cref="Activity.ConfirmLate"/>); it is kept
/// as the transition's note and so in the audit trail.
/// </param>
public sealed record ChangeActivityStatusCommand(int Id, long Version, ActivityStep Step, string? Note, string? LateReason = null) : ICommand<Result>;

public sealed class ChangeActivityStatusHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<ChangeActivityStatusCommand, Result>
{
    public async ValueTask<Result> Handle(ChangeActivityStatusCommand command, CancellationToken ct)
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
        if (command.Step == ActivityStep.Prepare && activity.Status == ActivityStatus.Utkast)
        {
            var agreementEnd = await db.Agreements.Where(a => a.Id == activity.AgreementId).Select(a => (DateOnly?)a.EndDate).SingleOrDefaultAsync(ct);
            var late = Activity.ConfirmLate(Activity.Ended(activity.EndDate, agreementEnd, SwedishFormat.Today(clock)), command.LateReason, "beredd");
            if (!late.Succeeded)
            {
                // With what else preparation still needs, so the officer fixes everything at once.
                return Result.Fail(activity.MissingForPreparation().Concat(late.Errors));
            }
            confirmation = late.Value;
        }
        var result = command.Step switch
        {
            ActivityStep.Prepare => activity.Prepare(at, actor.UserName, confirmation),
            ActivityStep.ReturnToDraft => activity.ReturnToDraft(at, actor.UserName, command.Note),
            ActivityStep.Start => activity.Start(at, actor.UserName),
            ActivityStep.Complete => activity.Complete(at, actor.UserName, command.Note),
            ActivityStep.WindDown => activity.WindDown(at, actor.UserName, command.Note),
            _ => Result.Fail("", "Okänd åtgärd."),
        };
        return result.Succeeded ? await ActivityLoader.SaveAsync(db, activity, command.Version, ct) : result;
    }
}
