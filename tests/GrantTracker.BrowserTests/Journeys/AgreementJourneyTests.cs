using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class AgreementJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_officer_signs_in_and_reads_the_allocation_of_God_och_nära_vård_2023() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("handlaggare@demo.local");
            var list = await AgreementListPage.OpenFromMenuAsync(page);

            var agreement = await list.OpenAgreementAsync("God och nära vård 2023");

            Assert.Equal("God och nära vård 2023", await agreement.NameAsync());
            Assert.Equal("75 422 690 kr", await agreement.RegionAllocationAsync());
            Assert.Equal("31 487 054 kr", await agreement.AreaTotalAsync("2.2"));
            Assert.Contains(await agreement.EarmarksAsync(), e => e.StartsWith("varav ", StringComparison.Ordinal) && e.EndsWith(": 14 897 341 kr", StringComparison.Ordinal));

            // The user guide shows this page.
            await agreement.ScreenshotAsync(Path.Combine(RepositoryRoot(), "docs", "screenshots", "overenskommelse.png"));
        });
}
