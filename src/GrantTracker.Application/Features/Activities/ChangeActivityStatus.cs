using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using Mediator;

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

public sealed record ChangeActivityStatusCommand(int Id, long Version, ActivityStep Step, string? Note) : ICommand<Result>;

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
        var result = command.Step switch
        {
            ActivityStep.Prepare => activity.Prepare(at, actor.UserName),
            ActivityStep.ReturnToDraft => activity.ReturnToDraft(at, actor.UserName, command.Note),
            ActivityStep.Start => activity.Start(at, actor.UserName),
            ActivityStep.Complete => activity.Complete(at, actor.UserName, command.Note),
            ActivityStep.WindDown => activity.WindDown(at, actor.UserName, command.Note),
            _ => Result.Fail("", "Okänd åtgärd."),
        };
        return result.Succeeded ? await ActivityLoader.SaveAsync(db, activity, command.Version, ct) : result;
    }
}
