namespace GrantTracker.Application.Reports;

public enum ColumnKind
{
    Text,
    Integer,
    Money,
    Date,

    /// <summary>Kronor with öre, for journal entries.</summary>
    MoneyOre,

    /// <summary>A fraction (0.453), shown as a percentage with one decimal (45,3 %), as the pages show it.</summary>
    Percent,
}

public sealed record ReportColumn(string Header, ColumnKind Kind, double Width);

/// <summary>
/// A report defined once: columns, rows and totals. The page, the print view and the Excel writer all
/// render this table, so the figures cannot differ between them.
/// </summary>
public sealed record ReportTable(string Title, string? Subtitle, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, IReadOnlyList<object?>? Totals)
{
    /// <summary>Rows of <see cref="Rows"/> (by index) that sum the rows under them, as a page's area rows do: written bold.</summary>
    public IReadOnlySet<int> Subtotals { get; init; } = new HashSet<int>();

    /// <summary>Rows after <see cref="Totals"/> that split the total ("varav beslutade"), as a page's table foot does.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> PartTotals { get; init; } = [];
}
