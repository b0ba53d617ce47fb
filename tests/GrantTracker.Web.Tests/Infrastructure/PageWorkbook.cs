using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using GrantTracker.Domain.Common;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>
/// A page's table and a downloaded workbook's sheet, both read as the text a user reads (issue 27, part 4): so a test compares the two
/// row by row, by content. A cell spanning columns counts as that many cells, the first with its text.
/// </summary>
public static partial class PageWorkbook
{
    /// <summary>The header, body and foot rows of the table element (its HTML, as <see cref="HtmlElement"/> gives it, entities decoded).</summary>
    public static PageTable Table(string tableHtml)
    {
        IReadOnlyList<IReadOnlyList<string>> Rows(string part)
        {
            var section = Regex.Match(tableHtml, $"<{part}[^>]*>(.*?)</{part}>", RegexOptions.Singleline);
            return section.Success ? RowPattern().Matches(section.Groups[1].Value).Select(r => Cells(r.Groups[1].Value)).ToList() : [];
        }
        var head = Rows("thead");
        return new PageTable(head.Count == 0 ? [] : head[0], Rows("tbody"), Rows("tfoot"));
    }

    private static IReadOnlyList<string> Cells(string rowHtml)
    {
        var cells = new List<string>();
        foreach (Match cell in CellPattern().Matches(rowHtml))
        {
            cells.Add(Text(cell.Groups[3].Value));
            var span = Regex.Match(cell.Groups[2].Value, "colspan=\"(\\d+)\"");
            for (var i = 1; span.Success && i < int.Parse(span.Groups[1].Value, CultureInfo.InvariantCulture); i++)
            {
                cells.Add("");
            }
        }
        return cells;
    }

    /// <summary>What a sighted user reads in a cell: no text for screen readers only, no marks hidden from them, tags as spaces.</summary>
    public static string Text(string html)
    {
        var text = HiddenPattern().Replace(html, " ");
        text = TagPattern().Replace(text, " ");
        return Spaces().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    /// <summary>The sheet's table: the frozen row is its header, every row under it with content is a row.</summary>
    public static SheetTable Sheet(IXLWorksheet sheet)
    {
        var header = sheet.SheetView.SplitRow;
        Assert.True(header > 0, $"Bladet {sheet.Name} har ingen låst rubrikrad.");
        var width = sheet.Row(header).LastCellUsed().Address.ColumnNumber;
        var headers = Enumerable.Range(1, width).Select(c => sheet.Cell(header, c).GetString()).ToList();
        var last = sheet.LastRowUsed().RowNumber();
        var rows = Enumerable.Range(header + 1, Math.Max(0, last - header))
            .Select(r => (IReadOnlyList<IXLCell>)Enumerable.Range(1, width).Select(c => sheet.Cell(r, c)).ToList())
            .ToList();
        return new SheetTable(sheet, header, headers, rows);
    }

    /// <summary>A cell as the pages write the same value: amounts with <see cref="Money.Format"/>, fractions with <see cref="SwedishFormat.Percent"/>, dates yyyy-MM-dd.</summary>
    public static string Shown(IXLCell cell)
    {
        if (cell.IsEmpty())
        {
            return "";
        }
        var format = cell.Style.NumberFormat.Format;
        return cell.DataType switch
        {
            XLDataType.Number when format.Contains("kr") => Money.Format(cell.GetValue<decimal>()),
            XLDataType.Number when format.Contains('%') => SwedishFormat.Percent(cell.GetValue<decimal>()),
            XLDataType.Number => cell.GetValue<decimal>().ToString("#,0", SwedishFormat.Numbers),
            XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        };
    }

    /// <summary>An amount cell holds a number in kronor, shown with the kronor format, never text.</summary>
    public static void IsAmount(IXLCell cell)
    {
        Assert.Equal(XLDataType.Number, cell.DataType);
        Assert.Contains("\"kr\"", cell.Style.NumberFormat.Format);
    }

    /// <summary>A date cell holds a date shown yyyy-mm-dd, never text.</summary>
    public static void IsDate(IXLCell cell)
    {
        Assert.Equal(XLDataType.DateTime, cell.DataType);
        Assert.Equal("yyyy-mm-dd", cell.Style.NumberFormat.Format);
    }

    /// <summary>The download is an xlsx attachment under the expected name.</summary>
    public static async Task<XLWorkbook> OpenAsync(HttpResponseMessage response, string? fileName = null)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        if (fileName is not null)
        {
            Assert.Equal(fileName, response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        }
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new XLWorkbook(new MemoryStream(bytes));
    }

    [GeneratedRegex("<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<(td|th)([^>]*)>(.*?)</\\1>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<span class=\"visually-hidden\">.*?</span>|<span aria-hidden=\"true\">.*?</span>", RegexOptions.Singleline)]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    /// <summary>Ordinary white space only: the non-breaking space in an amount is part of what the user reads.</summary>
    [GeneratedRegex("[ \\t\\r\\n]+")]
    private static partial Regex Spaces();
}

public sealed record PageTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Body, IReadOnlyList<IReadOnlyList<string>> Foot);

public sealed record SheetTable(IXLWorksheet Sheet, int HeaderRow, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<IXLCell>> Rows)
{
    /// <summary>Every row as the page would show its cells.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Shown => Rows.Select(r => (IReadOnlyList<string>)r.Select(PageWorkbook.Shown).ToList()).ToList();

    /// <summary>The title rows above the table, joined: what the sheet says it is and when.</summary>
    public string Heading => string.Join(" | ", Enumerable.Range(1, HeaderRow - 1).Select(r => Sheet.Cell(r, 1).GetString()).Where(t => t.Length > 0));
}
