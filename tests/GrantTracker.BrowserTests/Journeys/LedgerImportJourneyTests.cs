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

    [Fact]
    public Task A_cut_off_export_shows_what_it_would_replace_and_the_Ekonom_replaces_anyway() =>
        InBrowserAsync(async page =>
        {
            // 2017, before every agreement: the other journeys' figures stay as they are.
            static string Sie(params string[] vouchers) =>
                "#FLAGGA 0\r\n#SIETYP 4\r\n#RAR 0 20170101 20171231\r\n#DIM 21 \"Objekt\"\r\n" + string.Concat(vouchers);
            static string Ver(int n, string date, string amount) =>
                $"#VER A {n} {date} \"Lön\"\r\n{{\r\n#TRANS 5011 {{21 \"9916\"}} {amount}\r\n#TRANS 2920 {{}} -{amount}\r\n}}\r\n";
            var whole = Path.Combine(Path.GetTempPath(), $"huvudbok-2017-{Guid.NewGuid():N}.se");
            var cut = Path.Combine(Path.GetTempPath(), $"huvudbok-2017-avkortad-{Guid.NewGuid():N}.se");
            File.WriteAllText(whole, Sie(Ver(1, "20170131", "1000.00"), Ver(2, "20170228", "2000.00"), Ver(3, "20170331", "3000.00")), Encoding.UTF8);
            File.WriteAllText(cut, Sie(Ver(1, "20170131", "1000.00")), Encoding.UTF8);
            try
            {
                await (await SignInPage.OpenAsync(page)).SignInAsync("ekonom@demo.local");
                var import = await (await CostsPage.OpenFromMenuAsync(page)).OpenImportAsync();
                await import.ImportAsync(whole);
                Assert.StartsWith("Importen är klar", await import.ResultAsync());

                await page.GotoAsync("/kostnader/importera");
                await import.ImportAsync(cut);

                Assert.StartsWith("Filen skulle ta bort bokförda rader i 2 månader", await import.ResultAsync());
                Assert.Equal(["2017-02", "2017-03"], await import.ShrinkingMonthsAsync());
                await import.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "import-ersatts.png"));

                await import.ReplaceAnywayAsync();

                Assert.StartsWith("Importen är klar", await import.ResultAsync());
                Assert.Equal("3", (await import.CountsAsync())["Tidigare rader som ersattes"]);
            }
            finally
            {
                File.Delete(whole);
                File.Delete(cut);
            }
        });
}
