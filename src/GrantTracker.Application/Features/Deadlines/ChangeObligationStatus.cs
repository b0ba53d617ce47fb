using GrantTracker.Application.Data;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Deadlines;

// An obligation belongs to the agreement aggregate: its Version is the token every form on the report's page carries
// (ObligationDetails.AgreementVersion), and every change here moves it. Null checks nothing (the CLI, the seed).

/// <summary>Names who answers for a report; empty puts it back on the agreement's responsible.</summary>
public sealed record SetObligationOwnerCommand(int Id, string? Owner, long? Version = null) : ICommand<Result>;

/// <summary>Ej påbörjad → Pågår.</summary>
public sealed record BeginObligationCommand(int Id, long? Version = null) : ICommand<Result>;

/// <summary>Undoes a submission recorded by mistake: Inskickad → Pågår. The file sent stays among the kept files.</summary>
public sealed record ReopenObligationCommand(int Id, long? Version = null) : ICommand<Result>;

public sealed class ChangeObligationStatusHandler(AppDbContext db)
    : ICommandHandler<SetObligationOwnerCommand, Result>, ICommandHandler<BeginObligationCommand, Result>, ICommandHandler<ReopenObligationCommand, Result>
{
    internal static readonly Result NotFound = Result.Fail("", "Rapporteringskravet finns inte. Gå tillbaka till Deadlines och försök igen.");

    internal static readonly Result Stale = Result.Fail("",
        "Någon annan har ändrat rapporten eller överenskommelsen sedan du öppnade sidan. Din ändring är inte sparad: läs in sidan igen, se vad som ändrats och gör om din ändring.");

    public ValueTask<Result> Handle(SetObligationOwnerCommand command, CancellationToken ct) => ChangeAsync(command.Id, command.Version, o => o.SetOwner(command.Owner), ct);

    public ValueTask<Result> Handle(BeginObligationCommand command, CancellationToken ct) => ChangeAsync(command.Id, command.Version, o => o.Begin(), ct);

    public async ValueTask<Result> Handle(ReopenObligationCommand command, CancellationToken ct)
    {
        var (obligation, refusal) = await LoadAsync(db, command.Id, command.Version, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var result = obligation!.Reopen();
        if (!result.Succeeded)
        {
            return result;
        }
        // A final report reopened: the agreement is no longer Slutredovisad (an Avslutad one refuses the whole save).
        await FinalReports.FollowAsync(db, obligation, ct);
        return await SaveAsync(db, obligation, ct);
    }

    /// <summary>The obligation with its agreement, or the refusal: not found, or changed since the form was opened.</summary>
    internal static async Task<(ReportingObligation? Obligation, Result? Refusal)> LoadAsync(AppDbContext db, int id, long? version, CancellationToken ct)
    {
        var obligation = await db.ReportingObligations.Include(o => o.Agreement).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (obligation is null)
        {
            return (null, NotFound);
        }
        return Versions.IsStale(version, obligation.Agreement) ? (null, Stale) : (obligation, null);
    }

    /// <summary>Saves a change to an obligation as a change to its agreement (the version moves); a save that lost the race is refused.</summary>
    internal static async Task<Result> SaveAsync(AppDbContext db, ReportingObligation obligation, CancellationToken ct)
    {
        db.Entry(obligation.Agreement).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale;
        }
    }

    private async ValueTask<Result> ChangeAsync(int id, long? version, Func<ReportingObligation, Result> change, CancellationToken ct)
    {
        var (obligation, refusal) = await LoadAsync(db, id, version, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var result = change(obligation!);
        return result.Succeeded ? await SaveAsync(db, obligation!, ct) : result;
    }
}
