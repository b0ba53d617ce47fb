using System.Text;
using ClosedXML.Excel;
using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class UnitReportJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Name = "24 mkr till vårdenheterna 2023 (webbläsartest)";

    /// <summary>
    /// The 24 mkr of line 2.1 from the preview to a unit's report back: the officer saves the Hälsoval split, the decision
    /// maker decides it with the suggested report deadline and downloads the payment list, and the demo Utförare (who runs
    /// Privat hälsocentral Östersund) sees only its own unit and reports back with an attachment.
    /// </summary>
    [Fact]
    public Task The_24_mkr_are_distributed_decided_paid_and_reported_back_by_a_provider() =>
        InBrowserAsync(async page =>
        {
            var screenshots = Path.Combine(RepositoryRoot(), "docs", "screenshots");
            var dir = Directory.CreateTempSubdirectory("granttracker-unit-report-").FullName;
            try
            {
                await (await SignInPage.OpenAsync(page)).SignInAsync("handlaggare@demo.local");
                var units = await UnitsPage.OpenFromMenuAsync(page);
                await units.PreviewAsync("24 000 000", "Hälsovalsmodellen (ålder, CNI, glesbygd)", "2026");
                var draft = await DistributionPage.SaveFromPreviewAsync(page, Name, "gnv2023", "2.1");
                Assert.Equal("Utkast – inte beslutad", await draft.StatusAsync());
                var path = draft.Path;
                await SignOutAsync(page);

                await (await SignInPage.OpenAsync(page)).SignInAsync("beslutsfattare@demo.local");
                var distribution = await DistributionPage.OpenAsync(page, path);
                await distribution.DecideAsync("RS/123/2023 § 45");
                Assert.StartsWith("Beslutad", await distribution.StatusAsync());
                Assert.Matches(@"^\d{4}-\d{2}-\d{2}", await distribution.ReportDeadlineAsync());
                var paymentList = await distribution.DownloadPaymentListAsync(dir);
                using (var workbook = new XLWorkbook(paymentList))
                {
                    var amounts = workbook.Worksheets.First().Column(5).CellsUsed().Where(c => c.DataType == XLDataType.Number).Select(c => (decimal)c.GetDouble()).ToList();
                    Assert.Equal(24_000_000m, amounts[^1]);
                    Assert.Equal(24_000_000m, amounts[..^1].Sum());
                }
                await distribution.ScreenshotAsync(Path.Combine(screenshots, "fordelning-beslutad.png"));
                await SignOutAsync(page);

                await (await SignInPage.OpenAsync(page)).SignInAsync("utforare@demo.local");
                var own = await DistributionPage.OpenFromMenuAsync(page, Name);
                Assert.Equal(1, await own.UnitRowsAsync());
                var text = await own.PageTextAsync();
                Assert.Contains("Privat hälsocentral Östersund", text);
                Assert.DoesNotContain("Hälsocentralen Odenslund", text);
                Assert.DoesNotContain("24 000 000 kr", text);
                var attachment = Path.Combine(dir, "Återrapport Privat hälsocentral Östersund.pdf");
                await File.WriteAllBytesAsync(attachment, Encoding.ASCII.GetBytes("%PDF-1.4\n% återrapport\n"));
                await own.ReportBackAsync("Distriktssköterska på halvtid för hembesök hos äldre med stora behov, och en vårdsamordnare för samverkan med kommunen.",
                    "400 000", "Hembesöken ökade från 12 till 31 i månaden; oplanerade återinskrivningar bland listade över 65 år minskade.", attachment);
                Assert.StartsWith("Inlämnad", await own.ReportStateAsync());
                await own.ScreenshotAsync(Path.Combine(screenshots, "aterrapport.png"));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/konto/logga-in", StringComparison.Ordinal));
    }
}
