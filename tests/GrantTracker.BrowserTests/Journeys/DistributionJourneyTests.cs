using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class DistributionJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_officer_previews_the_24_mkr_to_the_primary_care_units_by_the_Halsoval_key() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("handlaggare@demo.local");
            var units = await UnitsPage.OpenFromMenuAsync(page);
            Assert.Equal(24, await units.UnitCountAsync());

            await units.PreviewAsync("24 000 000", "Hälsovalsmodellen (ålder, CNI, glesbygd)", "2026");

            Assert.Equal("24 000 000 kr", await units.PreviewSumAsync());
            await units.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "vardenheter.png"));
        });
}
