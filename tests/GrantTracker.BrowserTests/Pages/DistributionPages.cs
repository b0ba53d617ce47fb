using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>A distribution at /fordelningar/{id}: the decision, the payment list, the units' reports back.</summary>
public sealed partial class DistributionPage(IPage page)
{
    /// <summary>Saves the preview on Vårdenheter as a distribution and lands on its page.</summary>
    public static async Task<DistributionPage> SaveFromPreviewAsync(IPage page, string name, string agreement, string line)
    {
        var form = page.GetByTestId("save-distribution");
        await form.GetByLabel("Fördelningens namn").FillAsync(name);
        await form.GetByLabel("Överenskommelse (kod)").FillAsync(agreement);
        await form.GetByLabel("Rad").FillAsync(line);
        await form.GetByRole(AriaRole.Button, new() { Name = "Spara fördelning" }).ClickAsync();
        await page.WaitForURLAsync(DetailsUrl());
        return new DistributionPage(page);
    }

    /// <summary>Opens a distribution from Fördelningar in the menu (an Utförare's) or by its address.</summary>
    public static async Task<DistributionPage> OpenFromMenuAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Fördelningar", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(DetailsUrl());
        return new DistributionPage(page);
    }

    public static async Task<DistributionPage> OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path.TrimStart('/'));
        return new DistributionPage(page);
    }

    public string Path => new Uri(page.Url).AbsolutePath;

    public async Task<string> StatusAsync() => Text.Normalize(await page.GetByTestId("distribution-status").InnerTextAsync());

    public async Task<string> SumAsync() => Text.Normalize(await page.GetByTestId("distribution-sum").InnerTextAsync());

    /// <summary>The decision maker decides with the reference, keeping the suggested report deadline unless one is given.</summary>
    public async Task DecideAsync(string reference, string? deadline = null)
    {
        var form = page.GetByTestId("decide-distribution");
        await form.GetByLabel("Beslutets diarienummer eller paragraf").FillAsync(reference);
        if (deadline is not null)
        {
            await form.GetByLabel("Sista dag för återrapport").FillAsync(deadline);
        }
        await form.GetByRole(AriaRole.Button, new() { Name = "Besluta fördelningen" }).ClickAsync();
        await page.GetByText("Fördelningen är beslutad och låst.").WaitForAsync();
    }

    public async Task<string> ReportDeadlineAsync() => Text.Normalize(await page.GetByTestId("report-deadline").InnerTextAsync());

    /// <summary>Downloads the payment list and returns the saved file's path.</summary>
    public async Task<string> DownloadPaymentListAsync(string directory)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("payment-list").ClickAsync());
        var path = System.IO.Path.Combine(directory, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    public async Task<int> UnitRowsAsync() => await page.GetByTestId("distribution-units").Locator("tbody tr").CountAsync();

    /// <summary>The Utförare fills its unit's report back, attaches a file and submits.</summary>
    public async Task ReportBackAsync(string use, string amountUsed, string outcome, string attachment)
    {
        var form = page.GetByTestId("report-form");
        await form.GetByLabel("Vad pengarna använts till").FillAsync(use);
        await form.GetByLabel("Använt belopp (kr)").FillAsync(amountUsed);
        await form.GetByLabel("Resultat").FillAsync(outcome);
        await form.Locator("input[type=file]").SetInputFilesAsync(attachment);
        await form.GetByRole(AriaRole.Button, new() { Name = "Lämna återrapport" }).ClickAsync();
        await page.GetByText("Återrapporten är sparad.").WaitForAsync();
    }

    public async Task<string> ReportStateAsync() => Text.Normalize(await page.GetByTestId("report-state").First.InnerTextAsync());

    public async Task<string> PageTextAsync() => Text.Normalize(await page.Locator("main").InnerTextAsync());

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    [GeneratedRegex(@"/fordelningar/\d+$")]
    private static partial Regex DetailsUrl();
}
