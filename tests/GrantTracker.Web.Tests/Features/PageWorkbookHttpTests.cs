using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using GrantTracker.Web.Features.Deadlines;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 27, part 4: Avstämning's own table, Deadlines and Insatser as workbooks, compared with the pages cell by cell on demo mode's lived
/// year (decided and planned activities, closed months, reports sent, units reporting back), for the roles that read them.
/// One app for the class: every test here only reads.
/// </summary>
public sealed partial class PageWorkbookHttpTests(PageWorkbookHttpTests.App app) : IClassFixture<PageWorkbookHttpTests.App>
{
    public sealed class App : IDisposable
    {
        public GrantTrackerFactory Factory { get; } = new() { DemoYear = true };

        public void Dispose() => Factory.Dispose();
    }

    private GrantTrackerFactory Factory => app.Factory;

    // Avstämning

    [Theory]
    [InlineData("ekonom@demo.local", "2023-10")]
    [InlineData("revisor@demo.local", "2023-03")]
    [InlineData("beslutsfattare@demo.local", "2023-12")]
    public async Task Avstamnings_workbook_has_the_pages_headers_rows_and_amounts_in_the_pages_order(string user, string month)
    {
        var client = await Factory.SignedInAsync(user);
        var page = await client.GetPageAsync($"/avstamning?avtal=gnv2023&manad={month}");

        var response = await client.GetAsync($"/avstamning/excel?avtal=gnv2023&manad={month}");

        using var workbook = await PageWorkbook.OpenAsync(response, $"avstamning-gnv2023-{month}.xlsx");
        var sheet = PageWorkbook.Sheet(workbook.Worksheet(1));
        AvstamningIsThePage(page, sheet);
        Assert.Contains($"Avstämning God och nära vård 2023 – till och med {month}", sheet.Heading);
        Assert.Contains($"till och med {month}", sheet.Heading);
    }

    /// <summary>The sheet states the page's table: the same headers, rows (area rows bold), sum, and every amount a number in kronor.</summary>
    internal static void AvstamningIsThePage(string page, SheetTable sheet)
    {
        if (!page.Contains("data-testid=\"reconciliation\"", StringComparison.Ordinal))
        {
            // The page's empty state: no lines for the year. The sheet has the header and no rows, and says so.
            Assert.Contains("inga fördelningsrader", page);
            Assert.Empty(sheet.Rows);
            Assert.Contains("inga fördelningsrader", sheet.Heading);
            return;
        }
        var table = PageWorkbook.Table(HtmlElement.ByTestId(page, "reconciliation"));
        Assert.Equal(table.Headers, sheet.Headers);
        Assert.Equal(table.Body.Count + table.Foot.Count, sheet.Rows.Count);
        Assert.True(table.Body.Count > 0);
        var shown = sheet.Shown;
        for (var i = 0; i < table.Body.Count; i++)
        {
            // The page's "öronmärkt" badge is "(öronmärkt)" in the sheet's first cell; a line's Utnyttjat without an allocation is "–" on the page and empty in the sheet.
            var expected = shown[i].Select((text, c) => c == 0 ? text.Replace("(öronmärkt)", "öronmärkt") : text).ToList();
            var actual = table.Body[i].Select(text => text == "–" ? "" : text).ToList();
            Assert.Equal(actual, expected);
            for (var c = 3; c <= 10; c++)
            {
                if (c != 7 && !sheet.Rows[i][c].IsEmpty())
                {
                    PageWorkbook.IsAmount(sheet.Rows[i][c]);
                }
            }
            // An area's row sums its lines: bold in the sheet as on the page.
            Assert.Equal(table.Body[i][1].Length == 0, sheet.Rows[i][0].Style.Font.Bold);
        }
        Assert.Equal(table.Foot[0], shown[^1]);
        PageWorkbook.IsAmount(sheet.Rows[^1][5]);
    }

    [Fact]
    public async Task An_Utforare_gets_neither_Avstamning_nor_its_workbook()
    {
        var provider = await Factory.SignedInAsync("utforare@demo.local");

        var page = await provider.GetAsync("/avstamning?avtal=gnv2023&manad=2023-10");
        var download = await provider.GetAsync("/avstamning/excel?avtal=gnv2023&manad=2023-10");
        var anonymous = await Factory.CreateBrowserlessClient().GetAsync("/avstamning/excel?avtal=gnv2023&manad=2023-10");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/konto/nekad", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.StartsWith("/konto/nekad", download.Headers.Location!.PathAndQuery);
        Assert.NotEqual("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/konto/logga-in", anonymous.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Avstamnings_download_link_carries_the_agreement_and_month_shown()
    {
        var client = await Factory.SignedInAsync("ekonom@demo.local");

        var page = await client.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-07");

        var link = HtmlElement.ByTestId(page, "excel-link");
        Assert.Contains("href=\"/avstamning/excel?avtal=gnv2023&manad=2023-07\"", link);
        Assert.Contains("Ladda ner Excel", link);
    }

    [Fact]
    public async Task Without_a_choice_the_workbook_is_the_agreement_and_month_the_page_opens_on()
    {
        var client = await Factory.SignedInAsync("ekonom@demo.local");
        var page = await client.GetPageAsync("/avstamning");
        var href = Regex.Match(HtmlElement.ByTestId(page, "excel-link"), "href=\"([^\"]+)\"").Groups[1].Value;

        var response = await client.GetAsync("/avstamning/excel");

        var month = Regex.Match(href, "manad=([0-9-]+)").Groups[1].Value;
        using var workbook = await PageWorkbook.OpenAsync(response, $"avstamning-gnv2023-{month}.xlsx");
        AvstamningIsThePage(page, PageWorkbook.Sheet(workbook.Worksheet(1)));
    }

    // Deadlines

    private static readonly Dictionary<string, string> DeadlineSheets = new()
    {
        ["unit-report-deadlines"] = "Vårdenheternas återrapporter",
        ["deadlines-forfallna"] = "Förfallna, ej inskickade",
        ["deadlines-inom-30"] = "Inom 30 dagar",
        ["deadlines-inom-60"] = "Om 31–60 dagar",
        ["deadlines-inom-90"] = "Om 61–90 dagar",
        ["deadlines-senare"] = "Senare",
        ["deadlines-inskickade"] = "Inskickade",
    };

    [Theory]
    [InlineData("ekonom@demo.local")]
    [InlineData("handlaggare@demo.local")]
    [InlineData("utforare@demo.local")]
    [InlineData("revisor@demo.local")]
    public async Task The_deadlines_workbook_has_a_sheet_per_table_of_the_page_with_its_rows_in_its_order(string user)
    {
        var client = await Factory.SignedInAsync(user);
        var page = await client.GetPageAsync("/deadlines?visa=alla");

        var response = await client.GetAsync("/deadlines/excel");

        using var workbook = await PageWorkbook.OpenAsync(response);
        Assert.Matches("^deadlines-\\d{4}-\\d{2}-\\d{2}\\.xlsx$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        DeadlinesAreThePage(page, workbook);
    }

    internal static void DeadlinesAreThePage(string page, XLWorkbook workbook)
    {
        var tables = TableIds().Matches(page).Select(m => m.Groups[1].Value).Where(DeadlineSheets.ContainsKey).ToList();
        Assert.NotEmpty(tables);
        Assert.Equal(tables.Select(id => DeadlineSheets[id]), workbook.Worksheets.Select(s => s.Name));
        foreach (var id in tables)
        {
            var table = PageWorkbook.Table(HtmlElement.ByTestId(page, id));
            var sheet = PageWorkbook.Sheet(workbook.Worksheet(DeadlineSheets[id]));
            Assert.Equal(table.Headers, sheet.Headers.Take(table.Headers.Count));
            Assert.Equal(table.Body.Count, sheet.Rows.Count);
            var shown = sheet.Shown;
            for (var i = 0; i < shown.Count; i++)
            {
                PageWorkbook.IsDate(sheet.Rows[i][0]);
                Assert.Equal(table.Body[i], DeadlineRowAsPage(id, sheet.Headers, shown[i], sheet.Rows[i]));
            }
            Assert.Contains("Deadlines – återrapporteringar per", sheet.Heading);
        }
    }

    /// <summary>The sheet's row written as the page writes it: the asterisk of a date from the internal schedule, days in words, the kind under the title.</summary>
    private static IReadOnlyList<string> DeadlineRowAsPage(string table, IReadOnlyList<string> headers, IReadOnlyList<string> row, IReadOnlyList<IXLCell> cells)
    {
        string Column(string header) => row[headers.ToList().IndexOf(header)];
        string Days(IXLCell cell) => cell.DataType == XLDataType.Number ? DeadlineText.DaysLeft(cell.GetValue<int>()) : cell.GetString();
        if (table == "unit-report-deadlines")
        {
            return [row[0], Days(cells[1]), row[2], row[3], row[4]];
        }
        var note = Column("Anmärkning");
        var due = row[0] + (note.Contains("interna tidplan") ? "*" : "");
        var report = $"{Column("Rapport")} {Column("Slag")}";
        if (table == "deadlines-inskickade")
        {
            return [due, report, Column("Till"), Column("Överenskommelse"), Column("Inskickad") + (note.Contains("för sent") ? " (för sent)" : ""), Column("Av")];
        }
        Assert.Equal(XLDataType.Number, cells[1].DataType);
        return
        [
            due, Days(cells[1]), report, Column("Till"), Column("Överenskommelse"), Column("Ansvarig"), Column("Status"),
            Column("Beredskap").Replace(":\n", " ").Replace("\n", " "),
        ];
    }

    [Fact]
    public async Task The_deadlines_page_shows_its_download_link()
    {
        var client = await Factory.SignedInAsync("utforare@demo.local");

        var link = HtmlElement.ByTestId(await client.GetPageAsync("/deadlines"), "excel-link");

        Assert.Contains("href=\"/deadlines/excel\"", link);
        Assert.Contains("Ladda ner Excel", link);
    }

    [Fact]
    public async Task An_Utforares_deadline_workbook_has_no_readiness_as_its_page_has_none()
    {
        var provider = await Factory.SignedInAsync("utforare@demo.local");
        var officer = await Factory.SignedInAsync("ekonom@demo.local");

        using var own = await PageWorkbook.OpenAsync(await provider.GetAsync("/deadlines/excel"));
        using var full = await PageWorkbook.OpenAsync(await officer.GetAsync("/deadlines/excel"));

        string Readiness(XLWorkbook workbook) => string.Join("\n", workbook.Worksheets.Where(s => s.Name != "Inskickade" && s.Name != "Vårdenheternas återrapporter")
            .SelectMany(s => PageWorkbook.Sheet(s).Rows.Select(r => r[7].GetString())));
        Assert.Contains("saknas", Readiness(full));
        Assert.All(Readiness(own).Split('\n'), cell => Assert.Equal("–", cell));
    }

    // Insatser

    [Theory]
    [InlineData("handlaggare@demo.local", "")]
    [InlineData("revisor@demo.local", "?Status=Beslutad")]
    [InlineData("beslutsfattare@demo.local", "?Status=Beredd")]
    [InlineData("ekonom@demo.local", "?Responsible=a&Status=Pagaende")]
    public async Task The_Insatser_workbook_has_the_lists_rows_in_its_order_and_its_three_sums(string user, string query)
    {
        var client = await Factory.SignedInAsync(user);
        var (page, rows) = await ActivityPagesAsync(client, "/insatser" + query);

        var response = await client.GetAsync("/insatser/export" + query);

        using var workbook = await PageWorkbook.OpenAsync(response);
        Assert.Matches("^insatser-\\d{4}-\\d{2}-\\d{2}\\.xlsx$", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var sheet = PageWorkbook.Sheet(workbook.Worksheet("Insatser"));
        InsatserAreThePage(page, rows, sheet);
        Assert.Contains($"href=\"/insatser/export{query}\"", HtmlElement.ByTestId(page, "excel-link"));
    }

    [Fact]
    public async Task The_Insatser_workbook_says_which_filters_drew_it()
    {
        var client = await Factory.SignedInAsync("handlaggare@demo.local");

        using var all = await PageWorkbook.OpenAsync(await client.GetAsync("/insatser/export"));
        using var decided = await PageWorkbook.OpenAsync(await client.GetAsync("/insatser/export?Status=Beslutad&Responsible=a"));

        Assert.Contains("Insatser – alla insatser", PageWorkbook.Sheet(all.Worksheet(1)).Heading);
        Assert.Contains("Insatser – urval: status Beslutad, ansvarig ”a”", PageWorkbook.Sheet(decided.Worksheet(1)).Heading);
        var statuses = PageWorkbook.Sheet(decided.Worksheet(1)).Rows.SkipLast(3).Select(r => r[6].GetString()).Distinct().ToList();
        Assert.Equal(["Beslutad"], statuses);
    }

    /// <summary>Every page of the list (a hundred rows each), the first page's HTML and all the rows, as the user pages through them.</summary>
    internal static async Task<(string FirstPage, IReadOnlyList<IReadOnlyList<string>> Rows)> ActivityPagesAsync(HttpClient client, string url)
    {
        var first = await client.GetPageAsync(url);
        var rows = new List<IReadOnlyList<string>>();
        var page = first;
        for (var n = 2; ; n++)
        {
            if (!page.Contains("data-testid=\"activity-list\"", StringComparison.Ordinal))
            {
                break;
            }
            rows.AddRange(PageWorkbook.Table(HtmlElement.ByTestId(page, "activity-list")).Body);
            if (!page.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                break;
            }
            page = await client.GetPageAsync(url + (url.Contains('?') ? "&" : "?") + $"sida={n}");
        }
        return (first, rows);
    }

    internal static void InsatserAreThePage(string page, IReadOnlyList<IReadOnlyList<string>> rows, SheetTable sheet)
    {
        var shown = sheet.Shown;
        if (rows.Count == 0)
        {
            // The page's empty state: the sheet has the header and no rows, and says why.
            Assert.Empty(sheet.Rows);
            Assert.Contains("insatser", sheet.Heading, StringComparison.OrdinalIgnoreCase);
            return;
        }
        var table = PageWorkbook.Table(HtmlElement.ByTestId(page, "activity-list"));
        Assert.Equal(table.Headers, sheet.Headers.Take(table.Headers.Count));
        Assert.Equal(rows.Count + 3, sheet.Rows.Count);
        string Joined(params string[] parts) => string.Join(" ", parts.Where(p => p.Length > 0));
        var column = sheet.Headers.ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = shown[i];
            // The page shows the line's object under its code, and the goal under the measure: columns of their own in the sheet.
            IReadOnlyList<string> asPage = [r[0], r[1], Joined(r[2], r[column.IndexOf("Objekt")]), Joined(r[3], r[column.IndexOf("Mål RS/HSN")]), r[4], r[5], r[6], r[7], r[8]];
            Assert.Equal(rows[i], asPage);
            PageWorkbook.IsAmount(sheet.Rows[i][8]);
        }
        Assert.Equal(3, table.Foot.Count);
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(table.Foot[f], shown[rows.Count + f].Take(9));
            PageWorkbook.IsAmount(sheet.Rows[rows.Count + f][8]);
        }
    }

    [GeneratedRegex("data-testid=\"((?:unit-report-deadlines|deadlines-[a-z0-9-]+))\"")]
    private static partial Regex TableIds();
}
