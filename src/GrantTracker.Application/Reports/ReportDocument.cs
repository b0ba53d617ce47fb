namespace GrantTracker.Application.Reports;

/// <summary>
/// A report of several parts (the final report has an overview, ring-fenced money, activities, ...). Each part
/// is a <see cref="ReportTable"/>: the page, the print view and the workbook (one sheet per part) render the
/// same tables, so their figures cannot differ.
/// </summary>
public sealed record ReportDocument(string Organisation, string Title, string Subtitle, DateOnly Generated, string FileName, IReadOnlyList<ReportTable> Parts)
{
    public const string Region = "Region Jämtland Härjedalen";
}
