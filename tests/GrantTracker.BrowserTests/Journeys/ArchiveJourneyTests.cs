using System.IO.Compression;
using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>Issue 26, part 3: the Administratör downloads an agreement's archive package from its page (the demo year; the download only reads).</summary>
[Collection(DemoYearCollection.Name)]
public sealed class ArchiveJourneyTests(DemoYearBrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task The_administrator_downloads_the_archive_package_of_the_demo_year_from_the_agreement_page() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("admin@demo.local");
            await AgreementListPage.OpenFromMenuAsync(page);
            await new AgreementListPage(page).OpenAgreementAsync("God och nära vård 2023");
            Assert.Contains("Arkivpaket", await page.GetByTestId("archive-package").InnerTextAsync());
            await Accessibility.AssertNoViolationsAsync(page);

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Ladda ned arkivpaket (zip)" }).ClickAsync());
            Assert.Equal("arkivpaket-gnv2023.zip", download.SuggestedFilename);
            var directory = Directory.CreateTempSubdirectory("granttracker-archive-").FullName;
            try
            {
                var path = Path.Combine(directory, download.SuggestedFilename);
                await download.SaveAsAsync(path);
                using var zip = ZipFile.OpenRead(path);
                Assert.NotNull(zip.GetEntry("gnv2023/METS.xml"));
                Assert.NotNull(zip.GetEntry("gnv2023/content/definition/gnv2023.json"));
                Assert.NotNull(zip.GetEntry("gnv2023/content/avstamning/2023-10.json"));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        });
}
