using System.Net;
using System.Text.RegularExpressions;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 27, part 4: the three workbooks' scope, refusals and empty states over real HTTP on the seed: an Utförare's Insatser workbook holds only its
/// own activities whatever the query string says; a bad month or filter leaves the page and the download working; a page with nothing to show
/// downloads a workbook with its header and no rows. One app per test: some write.
/// </summary>
public sealed partial class PageWorkbookScopeHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("?Performer=Annan")]
    [InlineData("?OnlyPerformer=Annan%20V%C3%A5rdgivare%20AB")]
    [InlineData("?Status=Utkast")]
    public async Task An_Utforares_Insatser_workbook_never_holds_another_performers_activity(string query)
    {
        var ids = await _factory.ProviderActivitiesAsync();
        var provider = await _factory.SignedInAsync("utforare@demo.local");
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        using var officers = await PageWorkbook.OpenAsync(await officer.GetAsync("/insatser/export"));
        var otherBudget = PageWorkbook.Shown(PageWorkbook.Sheet(officers.Worksheet(1)).Rows.Single(r => r[5].GetString() == GrantTrackerFactory.OtherPerformer)[8]);

        var (page, rows) = await PageWorkbookHttpTests.ActivityPagesAsync(provider, "/insatser" + query);
        using var workbook = await PageWorkbook.OpenAsync(await provider.GetAsync("/insatser/export" + query));

        var sheet = PageWorkbook.Sheet(workbook.Worksheet("Insatser"));
        PageWorkbookHttpTests.InsatserAreThePage(page, rows, sheet);
        var everything = string.Join("\n", workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(PageWorkbook.Shown));
        Assert.DoesNotContain(GrantTrackerFactory.OtherPerformer, everything);
        Assert.DoesNotContain(ids.OtherMeasure, everything);
        Assert.Contains("insatser med Ulf Utförare som utförare", sheet.Heading);
        if (query is "" or "?OnlyPerformer=Annan%20V%C3%A5rdgivare%20AB")
        {
            Assert.Contains(ids.OwnMeasure, everything);
            var own = Assert.Single(sheet.Rows.SkipLast(3));
            Assert.Equal(GrantTrackerFactory.OwnPerformer, own[5].GetString());
            // The sum is the own activity's budget alone: the other's is in no sum.
            Assert.Equal(PageWorkbook.Shown(own[8]), PageWorkbook.Shown(sheet.Rows[^3][8]));
            Assert.True(otherBudget == PageWorkbook.Shown(own[8]) || !sheet.Rows.SkipLast(3).Any(r => PageWorkbook.Shown(r[8]) == otherBudget));
        }
        else if (query == "?Performer=Annan")
        {
            Assert.Empty(sheet.Rows);
        }
    }

    [Fact]
    public async Task A_bad_filter_value_leaves_the_Insatser_page_and_its_workbook_working_with_the_same_rows()
    {
        var client = await _factory.SignedInAsync("handlaggare@demo.local");
        const string bad = "?Status=Klar&AgreementId=tva&LineId=-1";

        var (page, rows) = await PageWorkbookHttpTests.ActivityPagesAsync(client, "/insatser" + bad);
        using var workbook = await PageWorkbook.OpenAsync(await client.GetAsync("/insatser/export" + bad));

        PageWorkbookHttpTests.InsatserAreThePage(page, rows, PageWorkbook.Sheet(workbook.Worksheet(1)));
        var (after, afterRows) = await PageWorkbookHttpTests.ActivityPagesAsync(client, "/insatser?Status=Utkast");
        using var good = await PageWorkbook.OpenAsync(await client.GetAsync("/insatser/export?Status=Utkast"));
        PageWorkbookHttpTests.InsatserAreThePage(after, afterRows, PageWorkbook.Sheet(good.Worksheet(1)));
        Assert.NotEmpty(afterRows);
    }

    [Fact]
    public async Task An_Insatser_list_with_no_match_downloads_the_header_and_no_rows()
    {
        var client = await _factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/insatser?Responsible=ingen-sadan-person");
        using var workbook = await PageWorkbook.OpenAsync(await client.GetAsync("/insatser/export?Responsible=ingen-sadan-person"));

        Assert.Contains("Inga insatser matchar urvalet.", page);
        var sheet = PageWorkbook.Sheet(workbook.Worksheet(1));
        Assert.Empty(sheet.Rows);
        Assert.Equal(["Nr", "Överenskommelse", "Rad", "Insats", "Ansvarig", "Utförare", "Status", "Exitbudget", "Budget"], sheet.Headers.Take(9));
        Assert.Contains("Inga insatser matchar urvalet.", sheet.Heading);
        Assert.Contains("ansvarig ”ingen-sadan-person”", sheet.Heading);
    }

    [Fact]
    public async Task A_refused_month_sends_the_download_back_to_the_page_with_the_reason_and_both_work_after()
    {
        var client = await _factory.SignedInAsync("ekonom@demo.local");

        var refused = await client.GetAsync("/avstamning/excel?avtal=gnv2023&manad=2023-13");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/avstamning?avtal=gnv2023", refused.Headers.Location!.OriginalString);
        Assert.Contains("Månaden ”2023-13” ska skrivas som ÅÅÅÅ-MM", await client.GetPageAsync(refused.Headers.Location.OriginalString));
        var pageRefused = await client.GetAsync("/avstamning?avtal=gnv2023&manad=juni");
        Assert.Equal(HttpStatusCode.Redirect, pageRefused.StatusCode);

        var page = await client.GetPageAsync("/avstamning?avtal=gnv2023&manad=2023-06");
        using var workbook = await PageWorkbook.OpenAsync(await client.GetAsync("/avstamning/excel?avtal=gnv2023&manad=2023-06"), "avstamning-gnv2023-2023-06.xlsx");
        PageWorkbookHttpTests.AvstamningIsThePage(page, PageWorkbook.Sheet(workbook.Worksheet(1)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/avstamning/excel?avtal=finns-inte&manad=2023-06")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/avstamning?avtal=finns-inte&manad=2023-06")).StatusCode);
    }

    [Fact]
    public async Task An_agreement_without_lines_downloads_Avstamnings_header_and_no_rows_as_its_page_shows_none()
    {
        var officer = await _factory.SignedInAsync("handlaggare@demo.local");
        var created = await officer.PostFormAsync("/overenskommelser/ny", "/overenskommelser/ny", new Dictionary<string, string>
        {
            ["Form.Code"] = "tom2025",
            ["Form.Name"] = "Tom överenskommelse 2025",
            ["Form.Counterparty"] = "Staten och SKR",
            ["Form.StartDate"] = "2025-01-01",
            ["Form.EndDate"] = "2025-12-31",
            ["Form.RegionAllocation"] = "1 000 000",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var client = await _factory.SignedInAsync("ekonom@demo.local");

        var page = await client.GetPageAsync("/avstamning?avtal=tom2025");
        using var workbook = await PageWorkbook.OpenAsync(await client.GetAsync("/avstamning/excel?avtal=tom2025"));

        Assert.Contains("Överenskommelsen har inga fördelningsrader för 2025.", page);
        Assert.Contains("data-testid=\"excel-link\"", page);
        var sheet = PageWorkbook.Sheet(workbook.Worksheet(1));
        Assert.Empty(sheet.Rows);
        Assert.Equal("Område / delområde", sheet.Headers[0]);
        Assert.Contains("Överenskommelsen har inga fördelningsrader för 2025.", sheet.Heading);
        Assert.Contains("Tom överenskommelse 2025", sheet.Heading);
    }

    [Fact]
    public async Task Deadlines_with_no_reports_download_the_header_and_no_rows_as_the_page_shows_its_empty_state()
    {
        _ = _factory.Services; // migrated and seeded, before any answer is kept: the rows go outside the audit trail
        using (var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM ReportingObligations";
            await command.ExecuteNonQueryAsync();
        }
        var client = await _factory.SignedInAsync("handlaggare@demo.local");

        var page = await client.GetPageAsync("/deadlines");
        using var workbook = await PageWorkbook.OpenAsync(await client.GetAsync("/deadlines/excel"));

        Assert.Contains("Inga rapporteringskrav är registrerade.", page);
        var sheet = PageWorkbook.Sheet(Assert.Single(workbook.Worksheets));
        Assert.Empty(sheet.Rows);
        Assert.Equal(["Senast", "Dagar", "Rapport", "Till", "Överenskommelse", "Ansvarig", "Status", "Beredskap"], sheet.Headers.Take(8));
        Assert.Contains("Inga rapporteringskrav är registrerade.", sheet.Heading);
    }

    [Fact]
    public async Task A_report_marked_sent_moves_to_the_sent_sheet_as_on_the_page_and_a_refused_date_changes_neither()
    {
        var client = await _factory.SignedInAsync("ekonom@demo.local");
        var before = await client.GetPageAsync("/deadlines?visa=alla");
        var id = int.Parse(Regex.Match(HtmlElement.ByTestId(before, "deadlines-forfallna"), "href=\"/deadlines/(\\d+)\"").Groups[1].Value);
        var form = $"/deadlines/{id}";

        var refused = await client.PostFormAsync(form, $"/deadlines/{id}/inskickad", new Dictionary<string, string> { ["sentOn"] = "i går" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var afterRefusal = await client.GetPageAsync("/deadlines?visa=alla");
        Assert.DoesNotContain("data-testid=\"deadlines-inskickade\"", afterRefusal);
        using (var unchanged = await PageWorkbook.OpenAsync(await client.GetAsync("/deadlines/excel")))
        {
            PageWorkbookHttpTests.DeadlinesAreThePage(afterRefusal, unchanged);
        }

        using var content = new MultipartFormDataContent
        {
            { new StringContent(HttpClientFormExtensions.AntiforgeryToken(await client.GetStringAsync(form))), "__RequestVerificationToken" },
            { new StringContent("2024-01-15"), "sentOn" },
        };
        var pdf = new ByteArrayContent("%PDF-1.7\nRapport\n%%EOF"u8.ToArray());
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        content.Add(pdf, "file", "rapport.pdf");
        var sent = await client.PostAsync($"/deadlines/{id}/inskickad", content);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var after = await client.GetPageAsync("/deadlines?visa=alla");
        using var workbook = await PageWorkbook.OpenAsync(await client.GetAsync("/deadlines/excel"));
        PageWorkbookHttpTests.DeadlinesAreThePage(after, workbook);
        var row = Assert.Single(PageWorkbook.Sheet(workbook.Worksheet("Inskickade")).Rows);
        PageWorkbook.IsDate(row[4]);
        Assert.Equal(new DateTime(2024, 1, 15), row[4].GetDateTime());
    }
}
