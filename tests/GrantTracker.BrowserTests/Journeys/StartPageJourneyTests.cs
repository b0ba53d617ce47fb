using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

[Collection(DemoYearCollection.Name)]
public sealed class StartPageJourneyTests(DemoYearBrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// Each role's start page on demo mode's lived year opens on its to-do list, with the count in the navigation; the pictures are the
    /// README's and the user guide's.
    /// </summary>
    [Theory]
    [InlineData("beslutsfattare@demo.local", "Insatser som väntar på beslut", "start-beslutsfattare.png")]
    [InlineData("handlaggare@demo.local", "Utkast som saknar det en beredning kräver", "start-handlaggare.png")]
    [InlineData("ekonom@demo.local", "Månader med avvikelser utan kommentar", "start-ekonom.png")]
    [InlineData("utforare@demo.local", "Återrapporter att lämna för egna vårdenheter", "start-utforare.png")]
    [InlineData("revisor@demo.local", "Sedan ditt förra besök", "start-revisor.png")]
    public Task The_start_page_shows_the_roles_to_do_list(string user, string section, string screenshot) =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync(user);
            await page.GotoAsync("");

            await page.GetByRole(AriaRole.Heading, new() { Name = section }).WaitForAsync();
            var count = await page.GetByTestId("todo-count-total").InnerTextAsync();
            Assert.Equal(count, await page.GetByTestId("nav-todo-count").InnerTextAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", screenshot) });
        });

    /// <summary>The demo year's open month as the Ekonom finds it: two exceptions to explain, October closed before it; the user guide's picture.</summary>
    [Fact]
    public Task The_demo_years_open_month_shows_its_two_exceptions() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("ekonom@demo.local");
            await page.GotoAsync("avstamning?avtal=gnv2023&manad=2023-11");

            await page.GetByText("2023-11 är öppen").WaitForAsync();
            Assert.Equal(2, await page.Locator(".badge", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Öppen$") }).CountAsync());
            await page.GetByText("Avvikelser", new() { Exact = true }).ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", "demoar-avstamning.png") });
        });
}
