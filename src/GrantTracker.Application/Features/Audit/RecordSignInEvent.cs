using System.Text.Json;
using GrantTracker.Application.Auditing;
using GrantTracker.Application.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Audit;

/// <summary>
/// Records a sign-in event in the audit trail: who (the user name given, also when no such account exists), when,
/// how (<paramref name="Method"/>: password or the identity provider) and from where (the client's address).
/// </summary>
/// <param name="SessionId">The session a sign-in starts or a sign-out ends; null for a refused sign-in.</param>
public sealed record RecordSignInEventCommand(AuditAction Action, string UserName, string? UserId, string? SessionId, string Method, string? RemoteAddress) : ICommand;

public sealed class RecordSignInEventHandler(AppDbContext db, TimeProvider clock) : ICommandHandler<RecordSignInEventCommand>
{
    public const int MaxUserName = 256;

    public async ValueTask<Unit> Handle(RecordSignInEventCommand command, CancellationToken ct)
    {
        if (command.Action is not (AuditAction.SignedIn or AuditAction.SignInFailed or AuditAction.LockedOut or AuditAction.SignedOut))
        {
            throw new ArgumentException($"{command.Action} is not a sign-in event.", nameof(command));
        }
        // What was typed is recorded as typed, but never longer than the column.
        var userName = string.IsNullOrWhiteSpace(command.UserName) ? "(okänd)" : command.UserName.Trim();
        if (userName.Length > MaxUserName)
        {
            userName = userName[..MaxUserName];
        }
        var details = new Dictionary<string, object>
        {
            ["Metod"] = new { @new = command.Method },
        };
        if (command.RemoteAddress is not null)
        {
            details["Adress"] = new { @new = command.RemoteAddress };
        }
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow().UtcDateTime, command.UserId, userName, SignInEvents.EntityType,
            command.SessionId ?? SignInEvents.NoSession, command.Action, JsonSerializer.Serialize(details)));
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

/// <summary>True when the session has been signed out: its cookie, or any copy of it, no longer signs anyone in.</summary>
public sealed record SessionEndedQuery(string SessionId) : IQuery<bool>;

public sealed class SessionEndedHandler(AppDbContext db) : IQueryHandler<SessionEndedQuery, bool>
{
    // One indexed look-up (EntityType, EntityId) per signed-in request.
    public async ValueTask<bool> Handle(SessionEndedQuery query, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().AnyAsync(
            e => e.EntityType == SignInEvents.EntityType && e.EntityId == query.SessionId && e.Action == AuditAction.SignedOut, ct);
}
