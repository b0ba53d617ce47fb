using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Changes a reporting obligation. Once its report is sent (marked sent, or a sent file is kept) a change needs a reason, which is
/// saved on the obligation and so lands in the audit trail with the change.
/// </summary>
/// <param name="CheckOnly">Check everything and save nothing: the form asks for the use case's refusals beside its own (a field it could not read).</param>
public sealed record UpdateObligationCommand(int AgreementId, long Version, int ObligationId, ObligationFields Details, string? Reason, bool CheckOnly = false)
    : ICommand<Result>;

public sealed class UpdateObligationHandler(AppDbContext db) : ICommandHandler<UpdateObligationCommand, Result>
{
    public async ValueTask<Result> Handle(UpdateObligationCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.AgreementId, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var obligation = agreement.Obligations.SingleOrDefault(o => o.Id == command.ObligationId);
        if (obligation is null)
        {
            return ObligationGone;
        }
        var d = command.Details;
        var result = agreement.UpdateObligation(obligation, d.Kind, d.Title, d.Recipient, d.DueDate, d.DueDateAssumed, d.Note, command.Reason,
            await FilesKeptAsync(db, obligation.Id, ct));
        return !result.Succeeded || command.CheckOnly ? result : await AgreementLoader.SaveAsync(db, ct);
    }

    internal static Task<bool> FilesKeptAsync(AppDbContext db, int obligationId, CancellationToken ct) =>
        db.ObligationFiles.AsNoTracking().AnyAsync(f => f.ObligationId == obligationId, ct);

    internal static readonly Result ObligationGone =
        Result.Fail("", "Rapporteringskravet finns inte längre i överenskommelsen. Gå tillbaka till rapporteringskraven och försök igen.");
}
