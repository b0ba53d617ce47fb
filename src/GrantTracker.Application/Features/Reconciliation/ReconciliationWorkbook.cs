using GrantTracker.Application.Reports;
using GrantTracker.Domain.Common;
using GrantTracker.Domain.Reconciliation;

namespace GrantTracker.Application.Features.Reconciliation;

/// <summary>
/// Avstämning's own table as a workbook, built from the page's answer (<see cref="ReconcileQuery"/>, kept in <see cref="FiguresCache"/>):
/// the page's columns under the page's headers, its area rows (bold) and line rows in the page's order, and its sum for the year.
/// Amounts are numbers in kronor and Utnyttjat a percentage, so the workbook computes on; it cannot differ from the page, having no query
/// of its own.
/// </summary>
public static class ReconciliationWorkbook
{
    /// <summary><c>avstamning-gnv2023-2023-10.xlsx</c>.</summary>
    public static string FileName(ReconciliationResult r) => ExportLedgerRowsHandler.Safe($"avstamning-{r.AgreementCode}-{r.Through}.xlsx");

    public static IReadOnlyList<ReportColumn> Columns(ReconciliationResult r) =>
    [
        new("Område / delområde", ColumnKind.Text, 40), new("Rad", ColumnKind.Text, 24), new("Objekt", ColumnKind.Text, 9),
        new("Tilldelat", ColumnKind.Money, 16), new($"Bokfört {r.Through}", ColumnKind.Money, 16), new("Bokfört hittills", ColumnKind.Money, 16),
        new("Kvar", ColumnKind.Money, 16), new("Utnyttjat", ColumnKind.Percent, 11), new($"Prognos {r.Year}", ColumnKind.Money, 16),
        new("Beslutade insatser", ColumnKind.Money, 16), new("Planerade insatser", ColumnKind.Money, 16), new("Status", ColumnKind.Text, 9),
    ];

    public static ReportDocument Build(ReconciliationResult r, DateOnly generated)
    {
        var rows = new List<IReadOnlyList<object?>>();
        var areaRows = new HashSet<int>();
        // The page's grouping: an area's row, then its lines, in the order the answer lists them.
        foreach (var area in r.Lines.GroupBy(l => (l.AreaCode, l.AreaName)))
        {
            var lines = area.ToList();
            areaRows.Add(rows.Count);
            rows.Add(
            [
                $"{area.Key.AreaCode} {area.Key.AreaName}", null, null,
                lines.Sum(l => l.Figures.Allocated), lines.Sum(l => l.Figures.BookedInMonth), lines.Sum(l => l.Figures.BookedToDate),
                lines.Sum(l => l.Figures.Remaining), null, lines.Sum(l => l.Figures.Forecast),
                lines.Sum(l => l.Figures.DecidedBudgets), lines.Sum(l => l.Figures.PlannedBudgets), null,
            ]);
            rows.AddRange(lines.Select(l => (IReadOnlyList<object?>)
            [
                SubArea(l), l.Label, l.CostObject,
                l.Figures.Allocated, l.Figures.BookedInMonth, l.Figures.BookedToDate, l.Figures.Remaining, l.Figures.Utilisation, l.Figures.Forecast,
                l.Figures.DecidedBudgets, l.Figures.PlannedBudgets, GrantReports.StatusText(l.Status),
            ]));
        }
        var closed = r.Close.Closed ? $"{r.Through} är stängd" : $"{r.Through} är öppen";
        var table = new ReportTable(
            "Avstämning per rad",
            r.Lines.Count == 0
                ? $"Överenskommelsen har inga fördelningsrader för {r.Year}."
                : $"Tilldelat och bokförd kostnad {r.Year} till och med {r.Through} ({closed}). " +
                  $"Intäkter på objekten (bidraget, som bokat): {Money.Format(r.Income)}. Övriga balansposter på objekten: {Money.Format(r.OtherBalance)}. Ingen av dem räknas som kostnad.",
            Columns(r),
            rows,
            r.Lines.Count == 0
                ? null
                :
                [
                    $"Summa {r.Year}", null, null, r.Totals.Allocated, r.Totals.BookedInMonth, r.Totals.Booked, r.Totals.Remaining, r.Totals.Utilisation,
                    r.Totals.Forecast, r.Totals.DecidedBudgets, r.Totals.PlannedBudgets, null,
                ])
        {
            Subtotals = areaRows,
        };
        return new ReportDocument(ReportDocument.Region, $"Avstämning {r.AgreementName}", $"till och med {r.Through}", generated, FileName(r), [table]);
    }

    /// <summary>The page's first cell of a line: its sub-area, and whether the line is ring-fenced (a badge on the page).</summary>
    private static string? SubArea(ReconciledLine l)
    {
        var text = l.SubAreaCode is null ? "" : $"{l.SubAreaCode} {l.SubAreaName}";
        text = l.RingFenced ? (text + " (öronmärkt)").Trim() : text;
        return text.Length == 0 ? null : text;
    }
}
