using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Activities;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Activities;

public sealed record RegisterActivityCommand(int AgreementId, int LineId, ActivityDetails Details) : ICommand<Result<ActivitySaved>>;

/// <param name="Warning">Set when the line's activities now add up to more than the line (allowed unless ring-fenced).</param>
public sealed record ActivitySaved(int Id, string? Warning);

public sealed class RegisterActivityHandler(AppDbContext db, IAuditActor actor, TimeProvider clock) : ICommandHandler<RegisterActivityCommand, Result<ActivitySaved>>
{
    public async ValueTask<Result<ActivitySaved>> Handle(RegisterActivityCommand command, CancellationToken ct)
    {
        var (line, lineResult) = await ActivityLoader.LineAsync(db, command.AgreementId, command.LineId, ct);
        if (line is null)
        {
            return Result.Fail<ActivitySaved>(lineResult.Errors);
        }
        var budget = command.Details.Budgets.Sum(b => b.Amount);
        var (commitment, warning) = await ActivityLoader.CommitmentAsync(db, line.LineId, null, budget, ct);
        if (!commitment.Succeeded)
        {
            return Result.Fail<ActivitySaved>(commitment.Errors);
        }
        var number = (await db.Activities.Where(a => a.AgreementId == command.AgreementId).MaxAsync(a => (int?)a.Number, ct) ?? 0) + 1;
        var registered = Activity.Register(command.AgreementId, number, line, command.Details, clock.GetUtcNow().UtcDateTime, actor.UserName);
        if (!registered.Succeeded)
        {
            return Result.Fail<ActivitySaved>(registered.Errors);
        }
        db.Activities.Add(registered.Value);
        await db.SaveChangesAsync(ct);
        return Result.Ok(new ActivitySaved(registered.Value.Id, warning));
    }
}
