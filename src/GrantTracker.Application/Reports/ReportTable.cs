namespace GrantTracker.Application.Reports;

public enum ColumnKind
{
    Text,
    Integer,
    Money,
    Date,

    /// <summary>Kronor with öre, for journal entries.</summary>
    MoneyOre,
}

public sealed record ReportColumn(string Header, ColumnKind Kind, double Width);

/// <summary>
/// A report defined once: columns, rows and totals. The page, the print view and the Excel writer all
/// render this table, so the figures cannot differ between them.
/// </summary>
public sealed record ReportTable(string Title, string? Subtitle, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, IReadOnlyList<object?>? Totals);
