using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Activities;

public sealed record SaveExitPlanCommand(int Id, long Version, ExitPlan? Plan) : ICommand<Result>;

public sealed class SaveExitPlanHandler(AppDbContext db) : ICommandHandler<SaveExitPlanCommand, Result>
{
    public async ValueTask<Result> Handle(SaveExitPlanCommand command, CancellationToken ct)
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
        var result = activity.SetExitPlan(command.Plan);
        return result.Succeeded ? await ActivityLoader.SaveAsync(db, activity, command.Version, ct) : result;
    }
}
