using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

/// <summary>
/// Sets the ledger project code that maps booked rows to the activity (and so to its sub-line, where lines
/// share a cost object). A code may name one activity per agreement.
/// </summary>
public sealed record SetProjectCodeCommand(int Id, long Version, string? ProjectCode) : ICommand<Result>;

public sealed class SetProjectCodeHandler(AppDbContext db) : ICommandHandler<SetProjectCodeCommand, Result>
{
    public async ValueTask<Result> Handle(SetProjectCodeCommand command, CancellationToken ct)
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
        var result = activity.SetProjectCode(command.ProjectCode);
        if (!result.Succeeded)
        {
            return result;
        }
        if (activity.ProjectCode is { } code)
        {
            var other = await db.Activities.AsNoTracking()
                .Where(a => a.AgreementId == activity.AgreementId && a.Id != activity.Id && a.ProjectCode == code)
                .Select(a => (int?)a.Number)
                .FirstOrDefaultAsync(ct);
            if (other is { } number)
            {
                return Result.Fail("ProjectCode", $"Projektkoden {code} används redan av insats {number} i samma överenskommelse. Välj en annan kod.");
            }
        }
        return await ActivityLoader.SaveAsync(db, activity, command.Version, ct);
    }
}
