using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

/// <summary>
/// Sets the "of which" part of its line that an activity's cost counts toward (God och nära vård's 2.1 "varav primärvård i
/// landsbygd"): the report shows such a part's own attributed cost, the sum of its activities' costs, never the whole line's.
/// </summary>
public sealed record SetActivityEarmarkCommand(int Id, long Version, string? Earmark) : ICommand<Result>;

public sealed class SetActivityEarmarkHandler(AppDbContext db) : ICommandHandler<SetActivityEarmarkCommand, Result>
{
    public async ValueTask<Result> Handle(SetActivityEarmarkCommand command, CancellationToken ct)
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
        var names = activity.AllocationLineId is { } lineId
            ? await db.AllocationLines.AsNoTracking().Where(l => l.Id == lineId).SelectMany(l => l.Earmarks.Select(e => e.Name)).ToListAsync(ct)
            : [];
        var result = activity.SetEarmark(command.Earmark, names);
        return result.Succeeded ? await ActivityLoader.SaveAsync(db, activity, command.Version, ct) : result;
    }
}
