using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>Kostnader at /kostnader: booked cost per tracked object and month.</summary>
public sealed partial class CostsPage(IPage page)
{
    public static async Task<CostsPage> OpenFromMenuAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Kostnader", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Url());
        return new CostsPage(page);
    }

    /// <summary>The cost objects in the newest year's summary table, left to right.</summary>
    public async Task<IReadOnlyList<string>> CostObjectsAsync() =>
        (await page.GetByTestId("cost-summary").First.Locator("thead th").AllInnerTextsAsync()).Skip(1).SkipLast(1).ToList();

    public async Task<ImportPage> OpenImportAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Importera", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(ImportPage.Url());
        return new ImportPage(page);
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    [GeneratedRegex(@"/kostnader$")]
    private static partial Regex Url();
}

/// <summary>Kostnader → Importera: the upload form, then the job page with its progress bar and summary.</summary>
public sealed partial class ImportPage(IPage page)
{
    /// <summary>Chooses the file, submits, and waits until the job page shows its result.</summary>
    public async Task ImportAsync(string path)
    {
        await page.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = "Importera", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(JobUrl());
        await page.GetByTestId("import-result").WaitForAsync();
    }

    public async Task<string> ResultAsync() => Text.Normalize(await page.GetByTestId("import-result").InnerTextAsync());

    /// <summary>The summary's counts as label → value, e.g. "Rader lästa" → "4".</summary>
    public async Task<IReadOnlyDictionary<string, string>> CountsAsync()
    {
        var labels = await page.GetByTestId("import-counts").Locator("dt").AllInnerTextsAsync();
        var values = await page.GetByTestId("import-counts").Locator("dd").AllInnerTextsAsync();
        return labels.Zip(values).ToDictionary(p => Text.Normalize(p.First), p => Text.Normalize(p.Second));
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    /// <summary>"Detta ersätts": the months a refused import would shrink, as shown in the table's last column.</summary>
    public async Task<IReadOnlyList<string>> ShrinkingMonthsAsync() =>
        (await page.GetByTestId("import-changes").Locator("tbody tr.table-warning th").AllInnerTextsAsync()).Select(Text.Normalize).ToList();

    /// <summary>
    /// Imports a file that is to replace what is stored, as an Ekonom replacing the demo year with a ledger of its own:
    /// when the shrink guard shows "Detta ersätts", the Ekonom replaces anyway.
    /// </summary>
    public async Task ImportReplacingAsync(string path)
    {
        await ImportAsync(path);
        if (await page.GetByTestId("confirm-shrink").CountAsync() > 0)
        {
            await ReplaceAnywayAsync();
        }
    }

    /// <summary>Clicks "Ersätt ändå" and waits for the confirmed import's result.</summary>
    public async Task ReplaceAnywayAsync()
    {
        var refused = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "Ersätt ändå", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url != refused && JobUrl().IsMatch(url));
        await page.GetByTestId("import-result").WaitForAsync();
    }

    [GeneratedRegex(@"/kostnader/importera$")]
    public static partial Regex Url();

    [GeneratedRegex(@"/kostnader/importera/[0-9a-f-]{36}$")]
    private static partial Regex JobUrl();
}
