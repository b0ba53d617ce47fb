namespace GrantTracker.Domain.Agreements;

/// <summary>
/// An e-mail reminder sent for a reporting obligation: one per obligation, due date and reminder window (the days
/// before the deadline it belongs to, 14 or 3 by default), so a second run the same day, or the next, sends nothing
/// again. A moved due date opens new windows. Kept as a row (and, like every domain change, in the audit trail).
/// </summary>
public sealed class SentReminder
{
    private SentReminder() { }

    public SentReminder(int obligationId, DateOnly dueDate, int daysBefore, string recipient, DateTime sentAtUtc)
    {
        ObligationId = obligationId;
        DueDate = dueDate;
        DaysBefore = daysBefore;
        Recipient = recipient;
        SentAtUtc = sentAtUtc;
    }

    public int Id { get; private set; }
    public int ObligationId { get; private set; }
    public DateOnly DueDate { get; private set; }

    /// <summary>The reminder window: the configured number of days before the deadline.</summary>
    public int DaysBefore { get; private set; }

    public string Recipient { get; private set; } = "";
    public DateTime SentAtUtc { get; private set; }
}
