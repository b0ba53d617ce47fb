using ClosedXML.Excel;

namespace GrantTracker.Application.Reports;

/// <summary>
/// Writes a <see cref="ReportTable"/> as a formatted workbook with ClosedXML 0.95: real numbers with
/// Swedish number formats, dates as dates, a frozen header row and set column widths (AdjustToContents
/// needs GDI+, which this platform lacks). For bulk rows use a streaming writer instead.
/// </summary>
public static class ExcelReportWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string MoneyFormat = "# ##0 \"kr\";-# ##0 \"kr\"";
    public const string MoneyOreFormat = "# ##0.00 \"kr\";-# ##0.00 \"kr\"";
    public const string IntegerFormat = "0";
    public const string DateFormat = "yyyy-mm-dd";

    public static void Write(ReportTable table, Stream output)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SheetName(table.Title));
        var row = 1;
        sheet.Cell(row, 1).Value = table.Title;
        sheet.Cell(row, 1).Style.Font.Bold = true;
        sheet.Cell(row, 1).Style.Font.FontSize = 14;
        if (table.Subtitle is not null)
        {
            sheet.Cell(++row, 1).Value = table.Subtitle;
        }
        var header = row + 2;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var cell = sheet.Cell(header, c + 1);
            cell.Value = table.Columns[c].Header;
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.LightGray;
            sheet.Column(c + 1).Width = table.Columns[c].Width;
        }
        var r = header;
        foreach (var values in table.Rows)
        {
            WriteRow(sheet, ++r, table.Columns, values);
        }
        if (table.Totals is not null)
        {
            WriteRow(sheet, ++r, table.Columns, table.Totals);
            sheet.Row(r).Style.Font.Bold = true;
        }
        sheet.SheetView.FreezeRows(header);
        sheet.Range(header, 1, Math.Max(header, r), table.Columns.Count).SetAutoFilter();
        workbook.SaveAs(output);
    }

    private static void WriteRow(IXLWorksheet sheet, int row, IReadOnlyList<ReportColumn> columns, IReadOnlyList<object?> values)
    {
        for (var c = 0; c < columns.Count && c < values.Count; c++)
        {
            var cell = sheet.Cell(row, c + 1);
            switch (values[c])
            {
                case null:
                    break;
                case decimal d:
                    cell.Value = d;
                    cell.Style.NumberFormat.Format = columns[c].Kind switch
                    {
                        ColumnKind.Integer => IntegerFormat,
                        ColumnKind.MoneyOre => MoneyOreFormat,
                        _ => MoneyFormat,
                    };
                    break;
                case int i:
                    cell.Value = i;
                    cell.Style.NumberFormat.Format = IntegerFormat;
                    break;
                case DateOnly date:
                    cell.Value = date.ToDateTime(TimeOnly.MinValue);
                    cell.Style.NumberFormat.Format = DateFormat;
                    break;
                default:
                    cell.Value = values[c]!.ToString();
                    cell.Style.Alignment.WrapText = true;
                    break;
            }
        }
    }

    /// <summary>Excel allows 31 characters and no []:*?/\ in a sheet name.</summary>
    private static string SheetName(string title)
    {
        var name = new string(title.Where(ch => !"[]:*?/\\".Contains(ch)).ToArray());
        return name.Length > 31 ? name[..31] : name;
    }
}
