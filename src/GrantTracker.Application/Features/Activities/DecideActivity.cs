using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Activities;

/// <summary>A decision maker's decision on a prepared activity: approve (needs the exit budget) or reject.</summary>
public sealed record DecideActivityCommand(int Id, long Version, bool Approve, DateOnly DecisionDate, string DecisionReference, string? Note) : ICommand<Result>;

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
        var result = command.Approve
            ? activity.Approve(command.DecisionDate, command.DecisionReference, command.Note, at, actor.UserName)
            : activity.Reject(command.DecisionDate, command.DecisionReference, command.Note, at, actor.UserName);
        return result.Succeeded ? await ActivityLoader.SaveAsync(db, activity, command.Version, ct) : result;
    }
}
