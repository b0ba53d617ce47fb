using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Agreements;

/// <summary>
/// Removes a reporting obligation nothing has been sent for. A sent report's obligation (marked sent, or with a sent file kept) is
/// never removed. The reminders already mailed for it go with it, each removal audited.
/// </summary>
public sealed record RemoveObligationCommand(int AgreementId, long Version, int ObligationId) : ICommand<Result>;

public sealed class RemoveObligationHandler(AppDbContext db) : ICommandHandler<RemoveObligationCommand, Result>
{
    public async ValueTask<Result> Handle(RemoveObligationCommand command, CancellationToken ct)
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
            return UpdateObligationHandler.ObligationGone;
        }
        var result = agreement.RemoveObligation(obligation, await UpdateObligationHandler.FilesKeptAsync(db, obligation.Id, ct));
        if (!result.Succeeded)
        {
            return result;
        }
        // The database would cascade them unseen; removed here, each is in the audit trail.
        db.SentReminders.RemoveRange(await db.SentReminders.Where(r => r.ObligationId == obligation.Id).ToListAsync(ct));
        db.ReportingObligations.Remove(obligation);
        return await AgreementLoader.SaveAsync(db, ct);
    }
}
