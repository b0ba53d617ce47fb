using System.Text;
using GrantTracker.Application.Features.Reconciliation;
using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using GrantTracker.Domain.Common;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(FinalReportCollection.Name)]
public sealed class FinalReportJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// God och nära vård 2023 from an imported ledger to a downloaded final report and a recorded submission: the
    /// Ekonom imports the year and closes December, the officer follows the readiness on Deadlines, records the
    /// decision on the unused money, downloads the report and marks it sent with the file.
    /// </summary>
    [Fact]
    public Task The_final_report_goes_from_imported_ledger_to_a_recorded_submission() =>
        InBrowsersAsync(async (ekonom, officer) =>
        {
            var dir = Directory.CreateTempSubdirectory("granttracker-final-report-").FullName;
            var file = Path.Combine(dir, "huvudbok-2023.se");
            File.WriteAllText(file, """
                #FLAGGA 0
                #FORMAT PC8
                #SIETYP 4
                #RAR 0 20230101 20231231
                #DIM 20 "Objekt"
                #VER A 1 20230131 "Lön januari"
                {
                   #TRANS 5011 {20 "9916"} 1200000.00
                   #TRANS 5011 {20 "9917"} 300000.00
                   #TRANS 2920 {} -1500000.00
                }
                #VER A 2 20230630 "Ambulans"
                {
                   #TRANS 6110 {20 "9943"} 900000.00
                   #TRANS 2440 {} -900000.00
                }
                #VER A 3 20231215 "E-hälsa"
                {
                   #TRANS 6540 {20 "9942"} 650000.50
                   #TRANS 2440 {} -650000.50
                }
                """.Replace("\n", "\r\n"), Encoding.UTF8);
            try
            {
                await (await SignInPage.OpenAsync(ekonom)).SignInAsync("ekonom@demo.local");
                var import = await (await CostsPage.OpenFromMenuAsync(ekonom)).OpenImportAsync();
                // The file replaces demo mode's year: "Detta ersätts" shows it, and the Ekonom replaces anyway.
                await import.ImportReplacingAsync(file);
                Assert.StartsWith("Importen är klar", await import.ResultAsync());
                // January to November were closed month by month during the year (the reconciliation journey shows one close).
                await using (var scope = Fixture.App.Services.CreateAsyncScope())
                {
                    var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                    for (var month = 1; month <= 11; month++)
                    {
                        // The imported file has no control of its own: the Ekonom confirms each month's totals before closing it (ADR 21).
                        Assert.True((await mediator.Send(new ConfirmMonthTotalsCommand("gnv2023", new YearMonth(2023, month)))).Succeeded);
                        var closed = await mediator.Send(new CloseMonthCommand("gnv2023", new YearMonth(2023, month)));
                        Assert.True(closed.Succeeded, string.Join(" ", closed.Errors.Select(e => e.Message)));
                    }
                }

                await (await SignInPage.OpenAsync(officer)).SignInAsync("handlaggare@demo.local");
                var deadlines = await DeadlinesPage.OpenFromMenuAsync(officer);
                await deadlines.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "deadlines.png"));
                var obligation = await deadlines.OpenAsync("Slutredovisning av God och nära vård 2023");
                var missing = await obligation.MissingAsync();
                Assert.Contains("Månaden 2023-12 är inte stängd.", missing);
                Assert.Contains("Beslut om outnyttjade medel för 2023 saknas.", missing);
                await obligation.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "beredskap.png"));

                // The Ekonom closes the last month.
                var reconciliation = await ReconciliationPage.OpenFromMenuAsync(ekonom);
                await reconciliation.ChooseAgreementAsync("God och nära vård 2023");
                await reconciliation.ChooseMonthAsync("2023-12");
                Assert.Equal("650 000,50 kr", await reconciliation.BookedAsync("2.3"));
                // Tied out to the ledger first (ADR 21): the Ekonom confirms December's totals, then closes it.
                Assert.Contains("Avstämd bekräftad av ekonom@demo.local", await reconciliation.ConfirmTotalsAsync("2023-12"));
                await reconciliation.CloseAsync("2023-12");

                await officer.ReloadAsync();
                missing = await obligation.MissingAsync();
                Assert.DoesNotContain(missing, m => m.Contains("inte stängd"));

                await obligation.OpenReportAsync();
                var report = new FinalReportPage(officer);
                Assert.Contains("3 050 000,50 kr", await report.OverviewTotalAsync());
                await report.RecordUnusedFundsAsync("2024-03-28", "Kammarkollegiet 2024/123");
                await report.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "slutredovisning.png"));
                var workbook = await report.DownloadExcelAsync(dir);
                Assert.Equal("slutredovisning-gnv2023-2023.xlsx", Path.GetFileName(workbook));
                Assert.True(new FileInfo(workbook).Length > 5_000);

                await DeadlinesPage.OpenFromMenuAsync(officer);
                obligation = await new DeadlinesPage(officer).OpenAsync("Slutredovisning av God och nära vård 2023");
                Assert.DoesNotContain(await obligation.MissingAsync(), m => m.Contains("outnyttjade medel"));
                await obligation.MarkSentAsync(workbook);
                Assert.Equal("Inskickad", await obligation.StatusAsync());
                Assert.Contains("handlaggare@demo.local", await obligation.SentAsync());
                Assert.Contains("slutredovisning-gnv2023-2023.xlsx", await obligation.SentAsync());
                await obligation.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "inskickad.png"));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });

    /// <summary>
    /// Seed 003's 2.1.3 targets as the officer reports them: the share with a named regular doctor and in special housing, and the
    /// continuity index's rise from its baseline, answered on Återrapportering and found in the downloaded workbook with the
    /// verdict against each target.
    /// </summary>
    [Fact]
    public Task The_officer_answers_the_2_1_3_indicators_and_finds_them_in_the_downloaded_workbook() =>
        InBrowserAsync(async officer =>
        {
            var dir = Directory.CreateTempSubdirectory("granttracker-requirements-").FullName;
            try
            {
                await (await SignInPage.OpenAsync(officer)).SignInAsync("handlaggare@demo.local");
                await officer.GotoAsync("/rapporter");
                await officer.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Slutredovisning 2023", Exact = true }).ClickAsync();
                var report = new FinalReportPage(officer);
                var requirements = await report.OpenRequirementsAsync();

                Assert.StartsWith("57,3 %, mätt 2023-12-31, källa Primärvårdskvalitet", await requirements.AnswerIndicatorAsync("2.1.3-fast-lakarkontakt", "57,3", "2023-12-31"));
                Assert.StartsWith("72 %, mätt 2023-12-31", await requirements.AnswerIndicatorAsync("2.1.3-sarskilt-boende", "72", "2023-12-31"));
                Assert.StartsWith("0,37 index, mätt 2023-12-31, källa Primärvårdskvalitet, utgångsvärde 0,3",
                    await requirements.AnswerIndicatorAsync("2.1.3-kontinuitet-lakare", "0,37", "2023-12-31", "0,30"));
                await requirements.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "aterrapportering.png"));

                await requirements.BackToFinalReportAsync();
                var workbook = await new FinalReportPage(officer).DownloadExcelAsync(dir);
                using var excel = new ClosedXML.Excel.XLWorkbook(workbook);
                var sheet = excel.Worksheet("Återrapportering");
                var rows = sheet.RowsUsed().Select(r => r.Cells(1, 6).Select(c => c.GetString()).ToList()).ToList();
                var doctor = rows.Single(r => r[1] == "Andel av befolkningen som har en namngiven fast läkarkontakt i primärvården.");
                Assert.Equal(["2.1.3", "Indikator", "minst 55 %", "57,3 %, mätt 2023-12-31, källa Primärvårdskvalitet", "Ja"], new[] { doctor[0], doctor[2], doctor[3], doctor[4], doctor[5] });
                Assert.Equal("Nej", rows.Single(r => r[1].StartsWith("Andel av dem som bor i särskilt boende", StringComparison.Ordinal))[5]);
                Assert.Equal("Ja", rows.Single(r => r[1].StartsWith("Kontinuitetsindex till läkare", StringComparison.Ordinal))[5]);
                Assert.Equal("Ej besvarat", rows.Single(r => r[1].StartsWith("Kontinuitetsindex för patientens totala", StringComparison.Ordinal))[4]);
                // Unanswered requirements keep it a draft.
                Assert.StartsWith("UTKAST", sheet.Cell(1, 1).GetString());
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
}
