namespace GrantTracker.Application.Auditing;

/// <remarks>
/// Stored by name (at most 20 characters), so new members need no migration. The sign-in events are entries of
/// <see cref="SignInEvents.EntityType"/>; they change no business data.
/// </remarks>
public enum AuditAction
{
    Skapad = 0,
    Ändrad = 1,
    Borttagen = 2,
    SignedIn = 3,
    SignInFailed = 4,
    LockedOut = 5,
    SignedOut = 6,
}

/// <summary>
/// One change to business data, or one sign-in event (<see cref="SignInEvents"/>): who, when, which entity, and the old and new values as JSON.
/// Append-only: the context refuses to update or delete an entry, and database triggers refuse it too.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public AuditEntry(DateTime atUtc, string? userId, string userName, string entityType, string entityId, AuditAction action, string changes)
    {
        AtUtc = atUtc;
        UserId = userId;
        UserName = userName;
        EntityType = entityType;
        EntityId = entityId;
        Action = action;
        Changes = changes;
    }

    public long Id { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string? UserId { get; private set; }
    public string UserName { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public AuditAction Action { get; private set; }

    /// <summary>JSON object: property name → { "old": …, "new": … }.</summary>
    public string Changes { get; private set; } = "{}";
}
