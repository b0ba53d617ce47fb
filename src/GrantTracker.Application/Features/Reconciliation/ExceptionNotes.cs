using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Agreements;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>Annotates (explains) or resolves an exception; writing again replaces the note.</summary>
/// <param name="Version">The note's version when the form was opened, null for a new note.</param>
public sealed record NoteExceptionCommand(string AgreementCode, ExceptionKind Kind, string CostObject, string Key, string? Text, bool Resolved, long? Version = null)
    : ICommand<Result>;

/// <summary>Removes a note, so that the exception is open again.</summary>
public sealed record RemoveExceptionNoteCommand(int NoteId) : ICommand<Result>;

public sealed class NoteExceptionHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
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
        var agreementId = await AgreementLoader.IdByCodeAsync(db, command.AgreementCode, ct);
        if (agreementId is null)
        {
            return AgreementLoader.UnknownCode;
        }
        var note = await db.ExceptionNotes.SingleOrDefaultAsync(n =>
            n.AgreementId == agreementId && n.Kind == command.Kind && n.CostObject == command.CostObject && n.Key == command.Key, ct);
        if (note is not null && command.Version is { } version && note.Version != version)
        {
            return Stale;
        }
        if (note is null)
        {
            note = new ExceptionNote { AgreementId = agreementId.Value, Kind = command.Kind, CostObject = command.CostObject, Key = command.Key };
            db.ExceptionNotes.Add(note);
        }
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
        db.ExceptionNotes.Remove(note);
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    private static readonly Result Stale = Result.Fail("",
        "Någon annan har kommenterat avvikelsen sedan du öppnade sidan. Ladda om sidan, läs kommentaren och skriv din igen.");
}
