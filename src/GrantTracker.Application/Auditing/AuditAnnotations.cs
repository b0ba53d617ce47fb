using Microsoft.EntityFrameworkCore.Metadata;

namespace GrantTracker.Application.Auditing;

/// <summary>
/// Marks in the EF model what the audit trail must never hold. The trail is append-only and read by auditors and exported to
/// Excel, so a secret written there could never be taken back: an access token's hash (issue 27) is enough to recognise the
/// token, and is left out; its creation, first use each day and revocation are still recorded.
/// </summary>
public static class AuditAnnotations
{
    public const string NotRecorded = "GrantTracker:NotRecorded";

    public static bool IsNotRecorded(IReadOnlyProperty property) => property.FindAnnotation(NotRecorded)?.Value is true;
}
