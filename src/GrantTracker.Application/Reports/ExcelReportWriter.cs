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
    public const string PercentFormat = "0.0 %";

    public static void Write(ReportTable table, Stream output)
    {
        using var workbook = new XLWorkbook();
        WriteSheet(workbook, table, SheetName(table.Title), heading: []);
        workbook.SaveAs(output);
    }

    /// <summary>A report of several parts: one sheet per part, each headed by the organisation, the report and the date.</summary>
    public static void Write(ReportDocument document, Stream output)
    {
        using var workbook = new XLWorkbook();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // A draft's every sheet starts with the mark (in the organisation's row), and its first sheet says what is missing.
        var organisation = document.IsDraft ? $"{ReportDocument.DraftMark} · {document.Organisation}" : document.Organisation;
        foreach (var part in document.OpenPointsTable is { } open ? [open, .. document.Parts] : document.Parts)
        {
            var name = SheetName(part.Title);
            for (var n = 2; !used.Add(name); n++)
            {
                name = SheetName(part.Title)[..Math.Min(28, SheetName(part.Title).Length)] + " " + n;
            }
            WriteSheet(workbook, part, name, [organisation, $"{document.Title} – {document.Subtitle}", $"Utskriven {document.Generated:yyyy-MM-dd}"]);
            if (document.IsDraft)
            {
                var mark = workbook.Worksheet(name).Cell(1, 1).Style.Font;
                mark.Bold = true;
                mark.FontColor = XLColor.DarkRed;
            }
        }
        workbook.SaveAs(output);
    }

    private static void WriteSheet(XLWorkbook workbook, ReportTable table, string sheetName, IReadOnlyList<string> heading)
    {
        var sheet = workbook.Worksheets.Add(sheetName);
        var row = 0;
        foreach (var line in heading)
        {
            sheet.Cell(++row, 1).Value = line;
            sheet.Cell(row, 1).Style.Font.FontColor = XLColor.Gray;
        }
        sheet.Cell(++row, 1).Value = table.Title;
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
            cell.Style.Alignment.WrapText = true;
            sheet.Column(c + 1).Width = table.Columns[c].Width;
        }
        var r = header;
        for (var i = 0; i < table.Rows.Count; i++)
        {
            WriteRow(sheet, ++r, table.Columns, table.Rows[i]);
            if (table.Subtotals.Contains(i))
            {
                sheet.Row(r).Style.Font.Bold = true;
            }
        }
        if (table.Totals is not null)
        {
            WriteRow(sheet, ++r, table.Columns, table.Totals);
            sheet.Row(r).Style.Font.Bold = true;
        }
        foreach (var part in table.PartTotals)
        {
            WriteRow(sheet, ++r, table.Columns, part);
        }
        sheet.SheetView.FreezeRows(header);
        sheet.Range(header, 1, Math.Max(header, r), table.Columns.Count).SetAutoFilter();
        sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        sheet.PageSetup.PageOrientation = table.Columns.Count > 7 ? XLPageOrientation.Landscape : XLPageOrientation.Portrait;
        sheet.PageSetup.SetRowsToRepeatAtTop(header, header);
        sheet.PageSetup.Footer.Right.AddText("Sida ");
        sheet.PageSetup.Footer.Right.AddText(XLHFPredefinedText.PageNumber);
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
                        ColumnKind.Percent => PercentFormat,
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
                    // ClosedXML 0.95 turns text that looks like a number or a date ("2.1", "2023-11") into one:
                    // a line code or a month must stay text.
                    cell.SetValue(values[c]!.ToString());
                    cell.DataType = XLDataType.Text;
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
