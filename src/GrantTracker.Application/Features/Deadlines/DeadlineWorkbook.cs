using GrantTracker.Application.Features.Distribution;
using GrantTracker.Application.Reports;
using GrantTracker.Domain.Agreements;

namespace GrantTracker.Application.Features.Deadlines;

/// <summary>
/// Deadlines as a workbook, built from the page's own answers (<see cref="ListDeadlinesQuery"/> and <see cref="ListUnitReportDeadlinesQuery"/>,
/// asked as the page asks them, so an Utförare's has no readiness and only its own units): one sheet per table the page shows, in the page's
/// order, under the page's headers, with every row (the page lists fifty a section unless all are asked for).
/// Dates are dates and Dagar a number (negative once the day has passed); what the page marks with an asterisk or grey text is said in
/// words in a last column, Anmärkning.
/// </summary>
public static class DeadlineWorkbook
{
    public const string EmptyText = "Inga rapporteringskrav är registrerade. De registreras på respektive överenskommelse.";

    public static string FileName(DateOnly today) => $"deadlines-{today:yyyy-MM-dd}.xlsx";

    public static readonly IReadOnlyList<ReportColumn> OpenColumns =
    [
        new("Senast", ColumnKind.Date, 12), new("Dagar", ColumnKind.Integer, 8), new("Rapport", ColumnKind.Text, 40), new("Till", ColumnKind.Text, 24),
        new("Överenskommelse", ColumnKind.Text, 30), new("Ansvarig", ColumnKind.Text, 28), new("Status", ColumnKind.Text, 12), new("Beredskap", ColumnKind.Text, 50),
        new("Slag", ColumnKind.Text, 18), new("Anmärkning", ColumnKind.Text, 40),
    ];

    public static readonly IReadOnlyList<ReportColumn> SentColumns =
    [
        new("Senast", ColumnKind.Date, 12), new("Rapport", ColumnKind.Text, 40), new("Till", ColumnKind.Text, 24), new("Överenskommelse", ColumnKind.Text, 30),
        new("Inskickad", ColumnKind.Date, 12), new("Av", ColumnKind.Text, 24), new("Slag", ColumnKind.Text, 18), new("Anmärkning", ColumnKind.Text, 40),
    ];

    public static readonly IReadOnlyList<ReportColumn> UnitReportColumns =
    [
        new("Senast", ColumnKind.Date, 12), new("Dagar", ColumnKind.Integer, 8), new("Fördelning", ColumnKind.Text, 40),
        new("Överenskommelse", ColumnKind.Text, 30), new("Inlämnade", ColumnKind.Text, 22),
    ];

    public static ReportDocument Build(DeadlineList list, IReadOnlyList<UnitReportDeadline> unitReports)
    {
        var parts = new List<ReportTable>();
        if (list.Rows.Count == 0)
        {
            parts.Add(new ReportTable("Deadlines", EmptyText, OpenColumns, [], null));
        }
        // As the page: the unit reports' table first, then each section that has reports, then those sent.
        if (unitReports.Count > 0)
        {
            parts.Add(new ReportTable("Vårdenheternas återrapporter", null, UnitReportColumns,
                unitReports.Select(d => (IReadOnlyList<object?>)
                [
                    d.DueDate, d.Complete ? "Klar" : d.DaysLeft, d.Name, d.AgreementName,
                    $"{d.Reported} av {d.Units}" + (d.Complete ? "" : d.DaysLeft < 0 ? " – försenad" : ""),
                ]).ToList(), null));
        }
        foreach (var section in list.Sections.Where(s => s.Rows.Count > 0))
        {
            parts.Add(new ReportTable(section.Title, null, OpenColumns, section.Rows.Select(r => (IReadOnlyList<object?>)
            [
                r.DueDate, r.DaysLeft, r.Title, r.Recipient, r.AgreementName, r.Owner ?? "–", r.Status.Swedish(), Readiness(r.Readiness), r.Kind.Swedish(),
                Note(r.DueDateAssumed, r.OwnerNamed ? null : r.Owner is null ? null : "Ansvarig är överenskommelsens ansvarige: ingen är namngiven för rapporten."),
            ]).ToList(), null));
        }
        var sent = list.Sent.ToList();
        if (sent.Count > 0)
        {
            parts.Add(new ReportTable("Inskickade", null, SentColumns, sent.Select(r => (IReadOnlyList<object?>)
            [
                r.DueDate, r.Title, r.Recipient, r.AgreementName, r.SentOn, r.SentBy, r.Kind.Swedish(),
                Note(r.DueDateAssumed, r.SentOn > r.DueDate ? "Inskickad för sent." : null),
            ]).ToList(), null));
        }
        return new ReportDocument(ReportDocument.Region, "Deadlines", $"återrapporteringar per {list.Today:yyyy-MM-dd}", list.Today, FileName(list.Today), parts);
    }

    /// <summary>The page's readiness cell in words: "–", "Ingen automatisk kontroll", "Klar", or how many are missing and each on a line of its own.</summary>
    public static string Readiness(Readiness? readiness) => readiness switch
    {
        null => "–",
        { Checked: false } => "Ingen automatisk kontroll",
        { Ready: true } => "Klar",
        _ => $"{readiness.Missing.Count} saknas:\n" + string.Join("\n", readiness.Missing),
    };

    private static string? Note(bool dueDateAssumed, string? more)
    {
        var notes = new List<string>();
        if (dueDateAssumed)
        {
            notes.Add("Datumet anges inte i överenskommelsen utan följer regionens interna tidplan.");
        }
        if (more is not null)
        {
            notes.Add(more);
        }
        return notes.Count == 0 ? null : string.Join(" ", notes);
    }
}
