namespace GrantTracker.Application.Reports;

/// <summary>
/// A report of several parts (the final report has an overview, ring-fenced money, activities, ...). Each part
/// is a <see cref="ReportTable"/>: the page, the print view and the workbook (one sheet per part) render the
/// same tables, so their figures cannot differ.
/// </summary>
/// <param name="OpenPoints">
/// What keeps a report to be sent from being ready (readiness): when any, the report is a draft, and every rendering
/// says so: "UTKAST – ej klar för inlämning" on each sheet's first row and in the print view's header, with the points on
/// a first sheet. Null or empty for a ready report, or one that is not sent anywhere.
/// </param>
public sealed record ReportDocument(string Organisation, string Title, string Subtitle, DateOnly Generated, string FileName, IReadOnlyList<ReportTable> Parts,
    IReadOnlyList<string>? OpenPoints = null)
{
    public const string Region = "Region Jämtland Härjedalen";

    public const string DraftMark = "UTKAST – ej klar för inlämning";

    public bool IsDraft => OpenPoints is { Count: > 0 };

    /// <summary>The first part of a draft: what is missing before it can be sent.</summary>
    public ReportTable? OpenPointsTable => IsDraft
        ? new ReportTable("Att åtgärda före inlämning", "Rapporten är ett utkast tills punkterna nedan är åtgärdade (samma kontroll som Deadlines-sidans beredskap).",
            [new ReportColumn("Saknas", ColumnKind.Text, 110)], [.. OpenPoints!.Select(p => (IReadOnlyList<object?>)[p])], null)
        : null;
}
