using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The ledger's controls over real HTTP (issue 23, ADR 21): Avstämning shows whether each month is tied out and how, a month is closed
/// only once tied out (by the balance report or the Ekonom's confirmation), and the import page shows identical rows for confirmation.
/// After every refusal the pages still answer.
/// </summary>
public sealed class TieOutHttpTests : IDisposable
{
    private const string Page = "/avstamning?avtal=gnv2023&manad=2023-03";
    private readonly GrantTrackerFactory _factory = new() { DemoLedger = true };

    public void Dispose() => _factory.Dispose();

    private async Task<MonthTieOut> MonthAsync(string month)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var months = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetMonthTieOutsQuery("gnv2023", 2023));
        return months!.Single(m => m.Month == YearMonth.Parse(month));
    }

    private static Dictionary<string, string> Month(string month = "2023-03", params (string Key, string Value)[] more)
    {
        var fields = new Dictionary<string, string> { ["avtal"] = "gnv2023", ["manad"] = month };
        foreach (var (key, value) in more)
        {
            fields[key] = value;
        }
        return fields;
    }

    private static async Task<HttpResponseMessage> UploadBalanceReportAsync(HttpClient client, string text)
    {
        var page = await client.GetPageAsync(Page);
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "saldolista.csv");
        content.Add(new StringContent("gnv2023"), "avtal");
        content.Add(new StringContent("2023-03"), "manad");
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        return await client.PostAsync("/avstamning/saldolista", content);
    }

    private static string Report(MonthTieOut month, string? wrongObject = null) =>
        "Objekt;Månad;Belopp\r\n" + string.Concat(month.Objects.Select(o =>
            $"{o.CostObject};{month.Month};{(o.Amount + (o.CostObject == wrongObject ? 1m : 0m)).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',')}\r\n"));

    /// <summary>Every page the refusals touch still answers with its content.</summary>
    private static async Task PagesWorkAsync(HttpClient client)
    {
        Assert.Contains("Avstämt mot huvudboken", await client.GetPageAsync(Page));
        Assert.Contains("<h1 class=\"h3 mb-0\">Kostnader</h1>", await client.GetPageAsync("/kostnader"));
        Assert.Contains("Importhistorik", await client.GetPageAsync("/kostnader/importer"));
    }

    private async Task AnnotateExceptionsAsync(HttpClient ekonom)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var r = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileQuery("gnv2023", YearMonth.Parse("2023-03")));
        foreach (var e in r!.Exceptions)
        {
            var noted = await ekonom.PostFormAsync(Page, "/avstamning/avvikelse",
                Month("2023-03", ("kind", e.Kind.ToString()), ("costObject", e.CostObject), ("key", e.Key), ("text", "Utreds med verksamheten")));
            Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);
        }
    }

    [Fact]
    public async Task Avstamning_shows_each_month_not_tied_out_and_refuses_to_close_it_saying_how_to_tie_it_out()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        await AnnotateExceptionsAsync(ekonom);

        var page = await ekonom.GetPageAsync(Page);
        Assert.Matches(@"data-testid=""tie-out-2023-03""[^>]*>\s*<th scope=""row"">2023-03</th>", page);
        Assert.Contains("Inte avstämd", page);
        Assert.Contains("data-testid=\"confirm-totals\"", page);
        Assert.Contains("data-testid=\"close-needs-tie-out\"", page);

        var close = await ekonom.PostFormAsync(Page, "/avstamning/stang", Month());
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        var refused = await ekonom.GetPageAsync(Page);
        Assert.Contains("2023-03 kan inte stängas: månadens summor är inte avstämda mot huvudbokens saldo", refused);
        Assert.Contains("ladda upp huvudbokens saldolista (Objekt;Månad;Belopp)", refused);
        Assert.Contains("2023-03 är öppen", refused);
        await PagesWorkAsync(ekonom);
    }

    [Fact]
    public async Task The_balance_report_is_refused_on_a_difference_and_ties_out_the_month_to_the_ore_and_then_it_closes()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        await AnnotateExceptionsAsync(ekonom);
        var march = await MonthAsync("2023-03");
        Assert.False(march.TiedOut);
        var wrongObject = march.Objects.First(o => o.Rows > 0).CostObject;

        var wrong = await UploadBalanceReportAsync(ekonom, Report(march, wrongObject));
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        var refused = await ekonom.GetPageAsync(Page);
        Assert.Contains("stämmer inte med de importerade raderna: 1 skillnad", refused);
        Assert.Contains($"Objekt {wrongObject}, 2023-03: de importerade raderna summerar till", refused);
        Assert.False((await MonthAsync("2023-03")).TiedOut);
        await PagesWorkAsync(ekonom);

        var right = await UploadBalanceReportAsync(ekonom, Report(march));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var tied = await ekonom.GetPageAsync(Page);
        Assert.Contains("Saldolistan stämmer till öret", tied);
        Assert.Matches(@"data-testid=""tie-out-2023-03""[\s\S]*?Avstämd</span>\s*saldolista saldolista.csv \(ekonom@demo.local", tied);
        Assert.DoesNotContain("data-testid=\"close-needs-tie-out\"", tied);

        await ekonom.PostFormAsync(Page, "/avstamning/stang", Month());
        Assert.Contains("2023-03 är stängd", await ekonom.GetPageAsync(Page));
    }

    [Fact]
    public async Task The_Ekonom_confirms_the_totals_shown_and_a_confirmation_of_other_totals_is_refused()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        const string february = "/avstamning?avtal=gnv2023&manad=2023-02";
        var page = await ekonom.GetPageAsync(february);
        var ore = Regex.Match(page, @"name=""ore"" value=""(-?\d+)""").Groups[1].Value;
        var rows = Regex.Match(page, @"name=""rader"" value=""(\d+)""").Groups[1].Value;
        Assert.NotEmpty(ore);

        var stale = await ekonom.PostFormAsync(february, "/avstamning/bekrafta", Month("2023-02", ("ore", (long.Parse(ore) + 100).ToString()), ("rader", rows)));
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("har ändrats sedan sidan visades", await ekonom.GetPageAsync(february));
        Assert.False((await MonthAsync("2023-02")).TiedOut);

        var confirmed = await ekonom.PostFormAsync(february, "/avstamning/bekrafta", Month("2023-02", ("ore", ore), ("rader", rows)));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await ekonom.GetPageAsync(february);
        Assert.Contains("Summorna för 2023-02 är bekräftade", after);
        Assert.Matches(@"data-testid=""tie-out-2023-02""[\s\S]*?Avstämd</span>\s*bekräftad av ekonom@demo.local, \d{4}-\d\d-\d\d \d\d:\d\d", after);
        Assert.DoesNotContain("data-testid=\"confirm-totals\"", after);

        // An auditor reads the state and has no forms.
        var revisor = await _factory.SignedInAsync("revisor@demo.local");
        var read = await revisor.GetPageAsync(february);
        Assert.Contains("bekräftad av ekonom@demo.local", read);
        Assert.DoesNotContain("data-testid=\"balance-report\"", read);
        Assert.DoesNotContain("data-testid=\"confirm-totals\"", read);
    }
}

/// <summary>The import page's identical-rows warning (issue 23): shown with the rows, confirmed with "Importera ändå".</summary>
public sealed class DuplicateRowsHttpTests : IDisposable
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly GrantTrackerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private long StoredRows()
    {
        using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LedgerEntries";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Identical_rows_are_listed_for_confirmation_and_imported_once_the_Ekonom_confirms()
    {
        var ekonom = await _factory.SignedInAsync("ekonom@demo.local");
        var form = await ekonom.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\r\n",
            Header, "A 1;2023-01-15;5010;410;9916;100,00;Kaffe", "A 1;2023-01-15;5010;410;9916;100,00;Kaffe", "A 2;2023-01-16;5010;410;9916;50,00;Te") + "\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "dubbel.csv");
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(form)), "__RequestVerificationToken");
        var upload = await ekonom.PostAsync("/kostnader/importera", content);
        var jobUrl = upload.Headers.Location!.OriginalString;

        var preview = await FinishedAsync(ekonom, jobUrl);

        Assert.Contains("1 rad som är likadan", preview);
        Assert.Contains("data-testid=\"import-duplicates\"", preview);
        Assert.Matches(@"<tr><td>3</td><td>2</td><td>A 1</td><td>5010</td><td>9916</td><td class=""amount"">100\u00A0kr</td></tr>", preview);
        Assert.Contains("Importera ändå", preview);
        Assert.Equal(0, StoredRows());
        Assert.Contains("Importhistorik", await ekonom.GetPageAsync("/kostnader/importer"));

        var confirm = await ekonom.PostFormAsync(jobUrl, jobUrl + "/ersatt", new Dictionary<string, string>());
        var done = await FinishedAsync(ekonom, confirm.Headers.Location!.OriginalString);
        Assert.Contains("Importen är klar", done);
        Assert.Contains("inte avstämda mot huvudbokens saldo", done);
        Assert.Equal(3, StoredRows());
    }

    private static async Task<string> FinishedAsync(HttpClient client, string job)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var status = JsonDocument.Parse(await client.GetStringAsync(job + "/status"));
            if (status.RootElement.GetProperty("done").GetBoolean())
            {
                return await client.GetPageAsync(job);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The import job did not finish within 10 seconds.");
    }
}
