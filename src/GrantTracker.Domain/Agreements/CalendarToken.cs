namespace GrantTracker.Domain.Agreements;

/// <summary>
/// A user's secret for the deadline calendar feed (iCalendar): the URL carries the token, the database only
/// its SHA-256, and a revoked token stops working at once. One active token per user.
/// </summary>
public sealed class CalendarToken
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
}
