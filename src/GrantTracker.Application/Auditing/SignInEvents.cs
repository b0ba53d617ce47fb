namespace GrantTracker.Application.Auditing;

/// <summary>
/// Sign-ins, failed sign-ins, lockouts and sign-outs, kept in the audit trail as entries of their own type: the
/// same append-only table and the same page (Granskningslogg) as every change, and no table of their own.
/// </summary>
/// <remarks>
/// The entry's id is the session's id (a random value the sign-in cookie carries), so a sign-out is also the record
/// that ends the session: a copy of the cookie whose session has a <see cref="AuditAction.SignedOut"/> entry is refused
/// (<see cref="Features.Audit.SessionEndedQuery"/>). A failed sign-in has no session: its id is "–".
/// </remarks>
public static class SignInEvents
{
    public const string EntityType = "SignIn";

    /// <summary>The id of an event that belongs to no session (a failed sign-in, a lockout).</summary>
    public const string NoSession = "–";
}
