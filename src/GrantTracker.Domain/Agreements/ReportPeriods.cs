using GrantTracker.Domain.Common;

namespace GrantTracker.Domain.Agreements;

/// <summary>The months a report covers: from the first month through the last, both included.</summary>
public sealed record ReportPeriod(YearMonth From, YearMonth To)
{
    public int Year => To.Year;
}

/// <summary>
/// The one definition of which period a report covers, from its kind and due date: readiness checks it, the Deadlines page links
/// to it and Rapporter offers the region's own follow-up by it.
/// <list type="bullet">
/// <item>Slutredovisning and Årsbokslut: the year before the due date (God och nära vård 2023's final report, due 2024-03-31, covers 2023).</item>
/// <item>Tertialrapport: January–April, Delårsbokslut: January–August, of the year of the month before the due date.</item>
/// <item>Månadsrapport: the month before the due date's month (due 15 February: January).</item>
/// <item>Redovisning (the VFU report): the due date's year, whose spring term it reports.</item>
/// <item>Handlingsplan: no period (the plan covers the agreement).</item>
/// </list>
/// </summary>
public static class ReportPeriods
{
    /// <summary>The region's own follow-up reports by their key in Rapporter's links: title and the year's last month.</summary>
    public static readonly IReadOnlyDictionary<string, (string Title, int Month)> Regional = new Dictionary<string, (string, int)>
    {
        ["tertial"] = ("Tertialrapport januari–april", 4),
        ["delar"] = ("Delårsbokslut januari–augusti", 8),
        ["ar"] = ("Årsbokslut", 12),
    };

    public static ReportPeriod? Of(ObligationKind kind, DateOnly dueDate)
    {
        var monthBefore = YearMonth.Of(dueDate).AddMonths(-1);
        return kind switch
        {
            ObligationKind.Slutredovisning or ObligationKind.Arsbokslut => Year(dueDate.Year - 1, 12),
            ObligationKind.Tertialrapport => Year(monthBefore.Year, Regional["tertial"].Month),
            ObligationKind.Delarsbokslut => Year(monthBefore.Year, Regional["delar"].Month),
            ObligationKind.Manadsrapport => new ReportPeriod(monthBefore, monthBefore),
            ObligationKind.Redovisning => Year(dueDate.Year, 12),
            _ => null,
        };
    }

    /// <summary>Where Rapporter shows the obligation's report, or null when it has no page (the VFU report without requirements is checked by hand).</summary>
    public static string? Url(ObligationKind kind, string agreementCode, DateOnly dueDate)
    {
        var code = Uri.EscapeDataString(agreementCode);
        var period = Of(kind, dueDate);
        return kind switch
        {
            ObligationKind.Slutredovisning => $"/rapporter/slutredovisning?avtal={code}&ar={period!.Year}",
            ObligationKind.Handlingsplan => $"/rapporter/handlingsplan?avtal={code}",
            ObligationKind.Manadsrapport => $"/rapporter/avstamning?avtal={code}&typ=manad&manad={period!.To}",
            ObligationKind.Tertialrapport => $"/rapporter/avstamning?avtal={code}&typ=tertial&ar={period!.Year}",
            ObligationKind.Delarsbokslut => $"/rapporter/avstamning?avtal={code}&typ=delar&ar={period!.Year}",
            ObligationKind.Arsbokslut => $"/rapporter/avstamning?avtal={code}&typ=ar&ar={period!.Year}",
            ObligationKind.Redovisning => $"/rapporter/vfu?avtal={code}&ar={period!.Year}",
            _ => null,
        };
    }

    private static ReportPeriod Year(int year, int lastMonth) => new(new YearMonth(year, 1), new YearMonth(year, lastMonth));
}
