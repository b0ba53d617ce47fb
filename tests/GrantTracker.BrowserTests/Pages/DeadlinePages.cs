using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>Deadlines at /deadlines: the reports due, their status and readiness.</summary>
public sealed partial class DeadlinesPage(IPage page)
{
    public static async Task<DeadlinesPage> OpenFromMenuAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Deadlines", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Url());
        return new DeadlinesPage(page);
    }

    public async Task<ObligationPage> OpenAsync(string title)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(ObligationPage.Url());
        return new ObligationPage(page);
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    [GeneratedRegex(@"/deadlines$")]
    private static partial Regex Url();
}

/// <summary>One reporting obligation: readiness, the report, owner and status.</summary>
public sealed partial class ObligationPage(IPage page)
{
    /// <summary>What is missing before the report can be sent, one sentence each; empty when it is ready.</summary>
    public async Task<IReadOnlyList<string>> MissingAsync() =>
        (await page.GetByTestId("readiness-details").Locator("li").AllInnerTextsAsync()).Select(Text.Normalize).ToList();

    public async Task<string> StatusAsync() => Text.Normalize(await page.GetByTestId("obligation-status").First.InnerTextAsync());

    public async Task OpenReportAsync()
    {
        await page.GetByTestId("open-report").ClickAsync();
        await page.WaitForURLAsync(new Regex("/rapporter/"));
    }

    public async Task MarkSentAsync(string file)
    {
        var form = page.GetByTestId("mark-sent");
        await form.GetByLabel("Filen som skickades").SetInputFilesAsync(file);
        await form.GetByRole(AriaRole.Button, new() { Name = "Markera som inskickad" }).ClickAsync();
        await page.GetByTestId("sent").WaitForAsync();
    }

    public async Task<string> SentAsync() => Text.Normalize(await page.GetByTestId("sent").InnerTextAsync());

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    [GeneratedRegex(@"/deadlines/\d+$")]
    public static partial Regex Url();
}

/// <summary>Rapporter → Slutredovisning: the final report's page.</summary>
public sealed class FinalReportPage(IPage page)
{
    public async Task<string> OverviewTotalAsync() =>
        Text.Normalize(await page.GetByTestId("report-part").First.Locator("tfoot").InnerTextAsync());

    public async Task RecordUnusedFundsAsync(string paidOn, string reference)
    {
        var form = page.GetByTestId("unused-form");
        await form.GetByLabel("Återbetalt datum").FillAsync(paidOn);
        await form.GetByLabel("Referens").FillAsync(reference);
        await form.GetByRole(AriaRole.Button, new() { Name = "Registrera beslut" }).ClickAsync();
        await page.GetByText("Beslutet om outnyttjade medel är registrerat.").WaitForAsync();
    }

    /// <summary>Follows the final report's link to Återrapportering.</summary>
    public async Task<RequirementsPage> OpenRequirementsAsync()
    {
        await page.GetByTestId("requirements-link").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/rapporter/aterrapportering"));
        return new RequirementsPage(page);
    }

    /// <summary>Downloads the workbook and returns the saved file's path.</summary>
    public async Task<string> DownloadExcelAsync(string directory)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("excel-link").ClickAsync());
        var path = Path.Combine(directory, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });
}

/// <summary>Återrapportering: the agreement's reporting requirements, each with its form.</summary>
public sealed class RequirementsPage(IPage page)
{
    /// <summary>Answers an indicator (value, the date it is for, and for a rise its baseline) and returns the answer as the page shows it.</summary>
    public async Task<string> AnswerIndicatorAsync(string code, string value, string measuredOn, string? baseline = null)
    {
        var card = page.GetByTestId($"requirement-{code}");
        await card.GetByLabel(new System.Text.RegularExpressions.Regex("^Värde")).FillAsync(value);
        await card.GetByLabel("Avser datum").FillAsync(measuredOn);
        if (baseline is not null)
        {
            await card.GetByLabel("Utgångsvärde").FillAsync(baseline);
        }
        await card.GetByRole(AriaRole.Button, new() { Name = "Spara svar" }).ClickAsync();
        await page.GetByText("Svaret är sparat.").WaitForAsync();
        return Text.Normalize(await page.GetByTestId($"requirement-{code}").GetByTestId("requirement-answer").InnerTextAsync());
    }

    public async Task BackToFinalReportAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "← Slutredovisning", Exact = false }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/rapporter/slutredovisning"));
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });
}
