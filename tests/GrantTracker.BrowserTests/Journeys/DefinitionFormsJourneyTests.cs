using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>
/// The national keys' pages and the agreement files' form in a browser (issue 22, part 2): the key form shows the fields of
/// the chosen rule only, and every page, errors included, passes axe (WCAG 2.1 AA). Nothing is saved.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DefinitionFormsJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task An_officer_reads_the_keys_opens_a_key_form_for_a_table_and_meets_the_file_forms_errors_on_accessible_pages() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("handlaggare@demo.local");
            await (await AgreementListPage.OpenFromMenuAsync(page)).OpenAgreementAsync("God och nära vård 2023");

            await page.GetByRole(AriaRole.Link, new() { Name = "Ange och ändra nycklar" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Nationella nycklar", Exact = true }).IsVisibleAsync());
            await Accessibility.AssertNoViolationsAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = "Ändra för 2.3 Insatser inom ramen för Vision e-hälsa 2025" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // Base plus share: its base amount shows, the table does not; choosing the table turns them round.
            Assert.True(await page.GetByLabel("Grundbelopp per region (kr)").IsVisibleAsync());
            Assert.True(await page.GetByLabel("Fördelningstabell (region;belopp, en rad per region)").IsHiddenAsync());
            await page.GetByLabel("Tabell med varje regions belopp").CheckAsync();
            Assert.True(await page.GetByLabel("Fördelningstabell (region;belopp, en rad per region)").IsVisibleAsync());
            Assert.True(await page.GetByLabel("Grundbelopp per region (kr)").IsHiddenAsync());
            await page.GetByLabel("Fördelningstabell (region;belopp, en rad per region)").FillAsync("Region;Belopp\nJämtland Härjedalen\nStockholm;x");
            await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.True(await page.GetByText("Rad 2 i tabellen: skriv region och belopp åtskilda av semikolon", new() { Exact = false }).IsVisibleAsync());
            await Accessibility.AssertNoViolationsAsync(page);

            await page.GotoAsync(page.Url.Split("/nationella-nycklar")[0]);
            await page.GetByRole(AriaRole.Link, new() { Name = "Bifoga fil" }).ClickAsync();
            await page.GetByLabel("Regionens beslut").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Bifoga" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.True(await page.GetByText("Ange beslutets referens, till exempel RS 2023/456 § 12.").IsVisibleAsync());
            Assert.True(await page.GetByText("Välj filen att bifoga.").IsVisibleAsync());
            await Accessibility.AssertNoViolationsAsync(page);
        });
}
