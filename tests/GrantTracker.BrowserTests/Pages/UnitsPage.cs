using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>Vårdenheter at /vardenheter: the listing of the primary-care units and the preview of a distribution.</summary>
public sealed partial class UnitsPage(IPage page)
{
    public static async Task<UnitsPage> OpenFromMenuAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Vårdenheter", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Url());
        return new UnitsPage(page);
    }

    public async Task<int> UnitCountAsync() => await page.GetByTestId("units").Locator("tbody tr").CountAsync();

    /// <summary>Fills the preview form and waits for the table.</summary>
    public async Task PreviewAsync(string amount, string key, string model)
    {
        await page.GetByLabel("Belopp, hela kronor").FillAsync(amount);
        await page.GetByLabel("Nyckel").SelectOptionAsync(new SelectOptionValue { Label = key });
        await page.GetByLabel("Modellår").SelectOptionAsync(model);
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa", Exact = true }).ClickAsync();
        await page.GetByTestId("distribution-preview").WaitForAsync();
    }

    public async Task<string> PreviewSumAsync() => Text.Normalize(await page.GetByTestId("preview-sum").InnerTextAsync());

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    [GeneratedRegex(@"/vardenheter")]
    private static partial Regex Url();
}
