using System.Net;
using ClosedXML.Excel;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>The streamed Excel export of the ledger rows behind a figure, over real HTTP on the demo ledger.</summary>
public sealed class LedgerExportHttpTests : IDisposable
{
    private const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    private async Task<T> SendAsync<T>(IQuery<T> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    private static async Task<(XLWorkbook Workbook, string? FileName)> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ContentType, response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return (new XLWorkbook(body), disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
    }

    private static List<IXLRow> DataRows(XLWorkbook workbook) => workbook.Worksheet("Rader").RowsUsed().Skip(1).ToList();

    [Fact]
    public async Task A_line_s_rows_download_from_the_rows_page_and_add_up_to_the_figure_to_the_ore()
    {
        var revisor = await _factory.SignedInAsync("revisor@demo.local");
        var result = (await SendAsync(new ReconcileQuery("gnv2023", YearMonth.Parse("2023-03"))))!;
        var line = result.Lines.OrderByDescending(l => l.Rows).First();
        Assert.True(line.Rows > 0, "The demo ledger books costs on the lines in the first quarter of 2023.");

        var page = await revisor.GetPageAsync($"/avstamning/rader?avtal=gnv2023&manad=2023-03&rad={line.LineId}&sida=2");
        var link = $"/avstamning/rader/excel?avtal=gnv2023&manad=2023-03&rad={line.LineId}";
        Assert.Contains($"href=\"{link}\"", page);
        Assert.Contains("Exportera till Excel", page);

        var (workbook, fileName) = await DownloadAsync(revisor, link);
        using (workbook)
        {
            Assert.Equal($"rader-gnv2023-2023-03-{line.Code}.xlsx", fileName);
            var rows = DataRows(workbook);
            Assert.Equal(line.Rows, rows.Count);
            Assert.All(rows, r => Assert.Equal(XLDataType.Number, r.Cell(8).DataType));
            Assert.All(rows, r => Assert.Equal(XLDataType.DateTime, r.Cell(1).DataType));
            Assert.Equal(Money.ToOre(line.Figures.BookedToDate), rows.Sum(r => Money.ToOre(Math.Round((decimal)r.Cell(8).GetDouble(), 2))));
            Assert.Contains(line.Code, workbook.Worksheet("Urval").Cell(2, 2).GetString());
        }
    }

    [Fact]
    public async Task An_exception_s_rows_and_a_year_of_Kostnader_download_too()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var result = (await SendAsync(new ReconcileQuery("gnv2023", YearMonth.Parse("2023-03"))))!;
        // Over-allocation is the line's booked cost less its allocation, not a sum of rows; the other kinds are sums of rows.
        var sums = result.Exceptions.Where(e => e.Kind is not (Domain.Reconciliation.ExceptionKind.Overspent or Domain.Reconciliation.ExceptionKind.RingFenced)).ToList();
        Assert.NotEmpty(sums);
        foreach (var exception in sums)
        {
            var (workbook, _) = await DownloadAsync(ekonom, $"/avstamning/rader/excel?avtal=gnv2023&manad=2023-03&typ={exception.Kind}&nyckel={exception.Key}");
            using (workbook)
            {
                Assert.Equal(exception.Amount, DataRows(workbook).Sum(r => Math.Round((decimal)r.Cell(8).GetDouble(), 2)));
            }
        }

        var summary = await SendAsync(new GetLedgerSummaryQuery());
        var year = summary.Rows.Where(r => r.Month.Year == 2023).ToList();
        Assert.Contains("/kostnader/excel?ar=2023", await ekonom.GetPageAsync("/kostnader"));
        var (ledger, fileName) = await DownloadAsync(ekonom, "/kostnader/excel?ar=2023");
        using (ledger)
        {
            Assert.Equal("rader-2023.xlsx", fileName);
            var rows = DataRows(ledger);
            Assert.Equal(year.Sum(r => r.Rows), rows.Count);
            Assert.Equal(Money.ToOre(year.Sum(r => r.Cost + r.Other)), rows.Sum(r => Money.ToOre(Math.Round((decimal)r.Cell(8).GetDouble(), 2))));
        }
    }

    [Fact]
    public async Task A_wrong_query_is_refused_and_a_visitor_who_is_not_signed_in_is_sent_to_sign_in()
    {
        var revisor = await _factory.SignedInAsync("revisor@demo.local");

        Assert.Equal(HttpStatusCode.NotFound, (await revisor.GetAsync("/avstamning/rader/excel?avtal=gnv2023&manad=2023-03&rad=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await revisor.GetAsync("/avstamning/rader/excel?avtal=finnsinte&manad=2023-03&rad=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await revisor.GetAsync("/avstamning/rader/excel?avtal=gnv2023&manad=mars&rad=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await revisor.GetAsync("/kostnader/excel?ar=2023&manad=2022-12")).StatusCode);

        var anonymous = await _factory.CreateBrowserlessClient().GetAsync("/kostnader/excel?ar=2023");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/konto/logga-in", anonymous.Headers.Location!.PathAndQuery);
    }
}
