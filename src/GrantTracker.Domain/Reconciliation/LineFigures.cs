namespace GrantTracker.Domain.Reconciliation;

public enum LineStatus
{
    IFas = 0,
    Under = 1,
    Over = 2,
}

/// <summary>
/// One allocation line's figures through a month. Remaining = allocated − booked; utilisation = booked /
/// allocated; the forecast for the year is the run rate of the months so far.
/// </summary>
/// <param name="MonthsElapsed">Months of the line's year up to and including the month reconciled (0–12).</param>
/// <param name="MonthsInYear">Months of the line's year inside the cost object's period (usually 12).</param>
/// <param name="DecidedBudgets">The year's budgets of the line's decided activities: what counts against the allocation.</param>
/// <param name="PlannedBudgets">The year's budgets of the line's drafts and prepared activities: plans, shown apart.</param>
public sealed record LineFigures(decimal Allocated, decimal BookedInMonth, decimal BookedToDate, int MonthsElapsed, int MonthsInYear, decimal DecidedBudgets, decimal PlannedBudgets)
{
    /// <summary>The decided activities' budgets exceed the allocation: a warning. Planned money never warns.</summary>
    public bool DecidedOverAllocation => DecidedBudgets > Allocated;

    public decimal Remaining => Allocated - BookedToDate;

    public decimal? Utilisation => Allocated == 0 ? null : BookedToDate / Allocated;

    /// <summary>Booked so far ÷ months elapsed × months in the year, to the öre.</summary>
    public decimal Forecast =>
        MonthsElapsed <= 0 ? 0 : Math.Round(BookedToDate / MonthsElapsed * Math.Max(MonthsInYear, MonthsElapsed), 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Over when more than the allocation is booked or the forecast exceeds it by more than the tolerance;
    /// under when the forecast falls short of it by more than the tolerance; otherwise on track.
    /// </summary>
    public LineStatus Status(decimal tolerance)
    {
        if (BookedToDate > Allocated || Forecast > Allocated * (1 + tolerance))
        {
            return LineStatus.Over;
        }
        return MonthsElapsed > 0 && Forecast < Allocated * (1 - tolerance) ? LineStatus.Under : LineStatus.IFas;
    }
}
