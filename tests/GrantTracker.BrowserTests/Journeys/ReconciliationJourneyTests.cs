using System.Text;
using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class ReconciliationJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_Ekonom_imports_a_year_reconciles_a_month_drills_down_resolves_the_exception_closes_the_month_and_exports_the_accrual() =>
        InBrowserAsync(async page =>
        {
            // A 2023 export: it replaces the demo ledger's 2023 rows, so every figure below is known to the öre.
            var file = Path.Combine(Path.GetTempPath(), $"huvudbok-2023-{Guid.NewGuid():N}.se");
            string? sie = null;
            File.WriteAllText(file, """
                #FLAGGA 0
                #FORMAT PC8
                #SIETYP 4
                #RAR 0 20230101 20231231
                #DIM 20 "Objekt"
                #VER A 1 20230131 "Lön januari"
                {
                   #TRANS 5011 {20 "9916"} 10000.50
                   #TRANS 5011 {20 "9917"} 3000.00
                   #TRANS 2920 {} -13000.50
                }
                #VER A 2 20230228 "Lön februari"
                {
                   #TRANS 5011 {20 "9916"} 5000.25
                   #TRANS 6110 {20 "9943"} 700.00
                   #TRANS 2920 {} -5700.25
                }
                #VER A 3 20230315 "Utrustning"
                {
                   #TRANS 1220 {20 "9942"} 48000.00
                   #TRANS 7832 {20 "9942"} 800.00
                   #TRANS 2440 {} -48800.00
                }
                """.Replace("\n", "\r\n"), Encoding.UTF8);
            try
            {
                await (await SignInPage.OpenAsync(page)).SignInAsync("ekonom@demo.local");
                var import = await (await CostsPage.OpenFromMenuAsync(page)).OpenImportAsync();
                // The file replaces demo mode's year: "Detta ersätts" shows it, and the Ekonom replaces anyway.
                await import.ImportReplacingAsync(file);
                Assert.StartsWith("Importen är klar", await import.ResultAsync());

                var reconciliation = await ReconciliationPage.OpenFromMenuAsync(page);
                await reconciliation.ChooseAgreementAsync("God och nära vård 2023");
                await reconciliation.ChooseMonthAsync("2023-03");
                Assert.Equal("15 000,75 kr", await reconciliation.BookedAsync("2.1"));
                Assert.Equal("3 000 kr", await reconciliation.BookedAsync("2.2.a"));
                Assert.Equal("800 kr", await reconciliation.BookedAsync("2.3"));
                Assert.Contains("19 500,75 kr", await reconciliation.TotalsAsync());
                Assert.Equal("2023-03 är öppen", await reconciliation.MonthStatusAsync());
                Assert.False(await reconciliation.CloseEnabledAsync("2023-03"));
                await reconciliation.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "avstamning.png"));

                Assert.Equal("15 000,75 kr", await reconciliation.DrillDownAsync("2.1"));
                Assert.Equal(2, await reconciliation.LedgerRowCountAsync());
                await reconciliation.BackAsync();

                // 1 000 000 received in February, 19 500,75 kr used on cost accounts (the investment is not): the rest is deferred
                // income. Recorded before March is closed: a closed month's payments cannot change.
                Assert.Equal("980 499,25 kr", await reconciliation.RecordPaymentAsync("2023-02-01", "1 000 000", "Socialstyrelsen utbetalning 1"));
                await reconciliation.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "periodisering.png"));
                sie = await reconciliation.DownloadAccrualSieAsync(Path.GetTempPath());
                var entry = File.ReadAllText(sie, System.Text.Encoding.Latin1);
                Assert.Contains("#VER \"P\" \"\" 20230331", entry);
                // Per cost object: the used part is released from the deferred income into income, each row with its object.
                Assert.Contains("#TRANS 2970 {20 \"9916\"} 15000.75", entry);
                Assert.Contains("#TRANS 3510 {20 \"9916\"} -15000.75", entry);
                Assert.Contains("#TRANS 3510 {20 \"9942\"} -800.00", entry);

                reconciliation = await ReconciliationPage.OpenFromMenuAsync(page);
                await reconciliation.ChooseAgreementAsync("God och nära vård 2023");
                await reconciliation.ChooseMonthAsync("2023-03");
                await reconciliation.ResolveAsync("investment", "Utrustningen bokas om till investeringsprojekt; bara årets avskrivning ligger kvar.");
                // The month is tied out to the ledger before it closes (ADR 21): the Ekonom confirms the totals shown.
                Assert.Contains("Avstämd bekräftad av ekonom@demo.local", await reconciliation.ConfirmTotalsAsync("2023-03"));
                await reconciliation.CloseAsync("2023-03");
                Assert.Equal("2023-03 är stängd", await reconciliation.MonthStatusAsync());
                await reconciliation.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "avstamning-stangd.png"));

            }
            finally
            {
                File.Delete(file);
                if (sie is not null)
                {
                    File.Delete(sie);
                }
            }
        });
}
