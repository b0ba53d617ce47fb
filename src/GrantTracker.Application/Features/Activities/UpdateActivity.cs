using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Activities;

/// <param name="Version">The version the officer opened; a save over someone else's newer save is refused.</param>
public sealed record UpdateActivityCommand(int Id, long Version, int LineId, ActivityDetails Details) : ICommand<Result<ActivitySaved>>;

public sealed class UpdateActivityHandler(AppDbContext db) : ICommandHandler<UpdateActivityCommand, Result<ActivitySaved>>
{
    public async ValueTask<Result<ActivitySaved>> Handle(UpdateActivityCommand command, CancellationToken ct)
    {
        var activity = await ActivityLoader.LoadAsync(db, command.Id, ct);
        if (activity is null)
        {
            return Result.Fail<ActivitySaved>(ActivityLoader.NotFound.Errors);
        }
        if (activity.Version != command.Version)
        {
            return Result.Fail<ActivitySaved>(ActivityLoader.Stale(activity).Errors);
        }
        var (line, lineResult) = await ActivityLoader.LineAsync(db, activity.AgreementId, command.LineId, ct);
        if (line is null)
        {
            return Result.Fail<ActivitySaved>(lineResult.Errors);
        }
        var (commitment, warning) = await ActivityLoader.CommitmentAsync(db, line.LineId, activity.Id, command.Details.Budgets.Sum(b => b.Amount), ct);
        if (!commitment.Succeeded)
        {
            return Result.Fail<ActivitySaved>(commitment.Errors);
        }
        var updated = activity.Update(line, command.Details);
        if (!updated.Succeeded)
        {
            return Result.Fail<ActivitySaved>(updated.Errors);
        }
        var saved = await ActivityLoader.SaveAsync(db, activity, command.Version, ct);
        return saved.Succeeded ? Result.Ok(new ActivitySaved(activity.Id, warning)) : Result.Fail<ActivitySaved>(saved.Errors);
    }
}
