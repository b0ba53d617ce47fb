using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using GrantTracker.Domain.Common;
using Mediator;

namespace GrantTracker.Application.Features.Agreements.Lifecycle;

/// <summary>
/// Slutredovisad → Avslutad (ADR 27): refused, with everything still missing at once, unless the final report is sent, every month of the
/// agreement is closed and every repayment decided is paid (or none is due). From then on the agreement is read only. Who may close is the
/// web's policy: Handläggare, Ekonom and Administratör.
/// </summary>
public sealed record CloseAgreementCommand(int Id, long Version) : ICommand<Result>;

/// <summary>Avslutad → Slutredovisad with the reason, which the audit trail keeps with the change. Only an Administratör may (the web's policy).</summary>
public sealed record ReopenAgreementCommand(int Id, long Version, string? Reason) : ICommand<Result>;

public sealed class CloseAgreementHandler(AppDbContext db, IAuditActor actor, TimeProvider clock)
    : ICommandHandler<CloseAgreementCommand, Result>, ICommandHandler<ReopenAgreementCommand, Result>
{
    public async ValueTask<Result> Handle(CloseAgreementCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.Id, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var missing = agreement.IsReadOnly ? [] : await CloseOutCheck.MissingAsync(db, agreement, ct);
        var closed = agreement.Close(missing, SwedishFormat.Today(clock), actor.UserName);
        return closed.Succeeded ? await AgreementLoader.SaveAsync(db, ct) : closed;
    }

    public async ValueTask<Result> Handle(ReopenAgreementCommand command, CancellationToken ct)
    {
        var agreement = await AgreementLoader.LoadAsync(db, command.Id, ct);
        if (agreement is null)
        {
            return AgreementLoader.NotFound;
        }
        if (agreement.Version != command.Version)
        {
            return AgreementLoader.Stale;
        }
        var reopened = agreement.Reopen(command.Reason);
        return reopened.Succeeded ? await AgreementLoader.SaveAsync(db, ct) : reopened;
    }
}
