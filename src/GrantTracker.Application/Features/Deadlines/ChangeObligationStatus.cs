using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>Names who answers for a report; empty puts it back on the agreement's responsible.</summary>
public sealed record SetObligationOwnerCommand(int Id, string? Owner) : ICommand<Result>;

/// <summary>Ej påbörjad → Pågår.</summary>
public sealed record BeginObligationCommand(int Id) : ICommand<Result>;

/// <summary>Undoes a submission recorded by mistake: Inskickad → Pågår. The file sent stays among the kept files.</summary>
public sealed record ReopenObligationCommand(int Id) : ICommand<Result>;

public sealed class ChangeObligationStatusHandler(AppDbContext db)
    : ICommandHandler<SetObligationOwnerCommand, Result>, ICommandHandler<BeginObligationCommand, Result>, ICommandHandler<ReopenObligationCommand, Result>
{
    internal static readonly Result NotFound = Result.Fail("", "Rapporteringskravet finns inte. Gå tillbaka till Deadlines och försök igen.");

    public ValueTask<Result> Handle(SetObligationOwnerCommand command, CancellationToken ct) => ChangeAsync(command.Id, o => o.SetOwner(command.Owner), ct);

    public ValueTask<Result> Handle(BeginObligationCommand command, CancellationToken ct) => ChangeAsync(command.Id, o => o.Begin(), ct);

    public ValueTask<Result> Handle(ReopenObligationCommand command, CancellationToken ct) => ChangeAsync(command.Id, o => o.Reopen(), ct);

    private async ValueTask<Result> ChangeAsync(int id, Func<ReportingObligation, Result> change, CancellationToken ct)
    {
        var obligation = await db.ReportingObligations.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (obligation is null)
        {
            return NotFound;
        }
        var result = change(obligation);
        if (result.Succeeded)
        {
            await db.SaveChangesAsync(ct);
        }
        return result;
    }
}
