using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// Annotates (explains) or resolves an exception as it stands through a month (its amount and rows are kept with the note); writing
/// again for the same month replaces the note. Refused while the month or a later one is closed.
/// </summary>
/// <param name="Version">The note's version when the form was opened, <see cref="Versions.None"/> when there was none; null checks nothing.</param>
/// <param name="Through">The month reconciled; null for the agreement's latest month with booked rows.</param>
public sealed record NoteExceptionCommand(string AgreementCode, ExceptionKind Kind, string CostObject, string Key, string? Text, bool Resolved, long? Version = null,
    YearMonth? Through = null) : ICommand<Result>;

/// <summary>Removes a note, so that the exception is open again; refused while its month or a later one is closed.</summary>
public sealed record RemoveExceptionNoteCommand(int NoteId) : ICommand<Result>;

public sealed class NoteExceptionHandler(AppDbContext db, ReconciliationSettings settings, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<NoteExceptionCommand, Result>, ICommandHandler<RemoveExceptionNoteCommand, Result>
{
    public async ValueTask<Result> Handle(NoteExceptionCommand command, CancellationToken ct)
    {
        var text = command.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Result.Fail("Text", command.Resolved
                ? "Skriv vad som gjordes för att åtgärda avvikelsen, till exempel en rättelseverifikation."
                : "Skriv en kommentar som förklarar avvikelsen.");
        }
        if (text.Length > ExceptionNote.MaxTextLength)
        {
            return Result.Fail("Text", $"Kommentaren får vara högst {ExceptionNote.MaxTextLength} tecken.");
        }
        var engine = new ReconciliationEngine(db, settings);
        var context = await engine.LoadAsync(command.AgreementCode, ct);
        if (context is null)
        {
            return AgreementLoader.UnknownCode;
        }
        var agreementId = context.Agreement.Id;
        // The exception as it stands through the month: the note keeps its amount and rows.
        var r = await ReconcileHandler.ReconcileAsync(engine, context, command.Through ?? await ReconcileHandler.LatestMonthAsync(db, context, ct), ct);
        var exception = r.Exceptions.FirstOrDefault(e => e.Kind == command.Kind && e.CostObject == command.CostObject && e.Key == command.Key);
        if (exception is null)
        {
            return Result.Fail("", $"Avvikelsen finns inte till och med {r.Through}: raderna kan ha ändrats sedan sidan öppnades. Ladda om sidan.");
        }
        if (await ClosedMonthGuard.RefusalAsync(db, agreementId, r.Through, "Kommentaren", ct) is { } refused)
        {
            return refused;
        }
        var month = r.Through;
        var note = await db.ExceptionNotes.SingleOrDefaultAsync(n =>
            n.AgreementId == agreementId && n.Kind == command.Kind && n.CostObject == command.CostObject && n.Key == command.Key && n.Month == month, ct);
        if (Versions.IsStale(command.Version, note))
        {
            return Stale;
        }
        if (note is null)
        {
            note = new ExceptionNote { AgreementId = agreementId, Kind = command.Kind, CostObject = command.CostObject, Key = command.Key, Month = month };
            db.ExceptionNotes.Add(note);
        }
        note.Amount = exception.Amount;
        note.Rows = exception.Rows;
        note.Text = text;
        note.Resolved = command.Resolved;
        note.WrittenAtUtc = clock.GetUtcNow().UtcDateTime;
        note.WrittenBy = actor.UserName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Stale;
        }
        return Result.Ok();
    }

    public async ValueTask<Result> Handle(RemoveExceptionNoteCommand command, CancellationToken ct)
    {
        var note = await db.ExceptionNotes.SingleOrDefaultAsync(n => n.Id == command.NoteId, ct);
        if (note is null)
        {
            return Result.Fail("", "Kommentaren finns inte längre.");
        }
        // A note from before notes were tied to a month may cover any month: only the agreement's closed months can tell.
        if (await ClosedMonthGuard.RefusalAsync(db, note.AgreementId, note.Month ?? new YearMonth(1900, 1), "Kommentaren", ct) is { } refused)
        {
            return refused;
        }
        db.ExceptionNotes.Remove(note);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    private static readonly Result Stale = Result.Fail("",
        "Någon annan har kommenterat avvikelsen sedan du öppnade sidan. Ladda om sidan, läs kommentaren och skriv din igen.");
}
