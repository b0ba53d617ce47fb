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

public sealed class RecordSignInEventHandler(AppDbContext db, TimeProvider clock, LiveSessions live) : ICommandHandler<RecordSignInEventCommand>
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
        if (command.Action == AuditAction.SignedOut && command.SessionId is { } ended)
        {
            // The entry already moves the audit trail's last id, which the check's memory is kept under; this process
            // also forgets the session outright.
            live.Forget(ended);
        }
        return Unit.Value;
    }
}

/// <summary>True when the session has been signed out: its cookie, or any copy of it, no longer signs anyone in.</summary>
public sealed record SessionEndedQuery(string SessionId) : IQuery<bool>;

public sealed class SessionEndedHandler(AppDbContext db, LiveSessions live) : IQueryHandler<SessionEndedQuery, bool>
{
    // The request's one read of the audit trail's last id; the indexed look-up (EntityType, EntityId) only when the
    // trail has grown since the session was last found live.
    public async ValueTask<bool> Handle(SessionEndedQuery query, CancellationToken ct)
    {
        var stamp = await db.AuditStampAsync(ct);
        if (live.IsLiveAt(query.SessionId, stamp))
        {
            return false;
        }
        var ended = await db.AuditEntries.AsNoTracking().AnyAsync(
            e => e.EntityType == SignInEvents.EntityType && e.EntityId == query.SessionId && e.Action == AuditAction.SignedOut, ct);
        if (!ended)
        {
            live.Remember(query.SessionId, stamp);
        }
        return ended;
    }
}

/// <summary>
/// The sessions found not signed out, each with the audit trail's last id when it was looked up. A sign-out is an audit
/// entry, so it moves that id: while the id is unchanged, a session found live is still live, and a signed-in request
/// costs the one read of the id that the figures' cache (<see cref="FiguresCache"/>) needs anyway instead of a look-up
/// of its own. The id is read before the look-up, so a sign-out saved in between is seen by the look-up or moves the
/// id. One per process, at most <see cref="MaxEntries"/> sessions (then it starts over).
/// </summary>
public sealed class LiveSessions
{
    public const int MaxEntries = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _liveAt = new(StringComparer.Ordinal);

    public bool IsLiveAt(string session, long stamp) => _liveAt.TryGetValue(session, out var at) && at == stamp;

    public void Remember(string session, long stamp)
    {
        if (_liveAt.Count >= MaxEntries)
        {
            _liveAt.Clear();
        }
        _liveAt[session] = stamp;
    }

    public void Forget(string session) => _liveAt.TryRemove(session, out _);
}
