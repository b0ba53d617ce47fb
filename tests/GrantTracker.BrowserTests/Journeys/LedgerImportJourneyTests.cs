using System.Text;
using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class LedgerImportJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_Ekonom_imports_a_SIE_export_and_sees_the_summary_then_the_costs() =>
        InBrowserAsync(async page =>
        {
            var file = Path.Combine(Path.GetTempPath(), $"huvudbok-2024-{Guid.NewGuid():N}.se");
            File.WriteAllText(file, """
                #FLAGGA 0
                #FORMAT PC8
                #SIETYP 4
                #RAR 0 20240101 20241231
                #DIM 21 "Objekt"
                #VER A 1 20240131 "Lön januari"
                {
                   #TRANS 5011 {21 "9916"} 41000.00
                   #TRANS 5011 {21 "8100"} 9000.00
                   #TRANS 2920 {} -50000.00
                }
                """.Replace("\n", "\r\n"), Encoding.UTF8);
            try
            {
                await (await SignInPage.OpenAsync(page)).SignInAsync("ekonom@demo.local");
                var costs = await CostsPage.OpenFromMenuAsync(page);
                // Demo mode has already imported a year of booked costs on the four objects of God och nära vård 2023.
                Assert.Equal(["9916", "9917", "9942", "9943"], await costs.CostObjectsAsync());
                await costs.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "kostnader.png"));

                var import = await costs.OpenImportAsync();
                await import.ImportAsync(file);

                Assert.StartsWith("Importen är klar", await import.ResultAsync());
                var counts = await import.CountsAsync();
                Assert.Equal("3", counts["Rader lästa"]);
                Assert.Equal("1", counts["Sparade på bevakade objekt"]);
                Assert.Equal("1", counts["Hoppade över: andra objekt"]);
                Assert.Equal("2024-01 – 2024-12", counts["Månader"]);
                await import.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "import-klar.png"));
            }
            finally
            {
                File.Delete(file);
            }
        });
}
