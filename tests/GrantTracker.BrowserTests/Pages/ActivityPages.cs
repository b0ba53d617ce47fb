using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>The activity form at /insatser/ny and /insatser/{id}/redigera.</summary>
public sealed class ActivityFormPage(IPage page)
{
    public static async Task<ActivityFormPage> OpenFromAgreementAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Ny insats", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/insatser/ny"));
        return new ActivityFormPage(page);
    }

    public async Task<ActivityPage> RegisterAsync(string lineLabelStart, string measure, string budget2023)
    {
        var line = page.GetByLabel("Fördelningsrad");
        var option = (await line.Locator("option").AllInnerTextsAsync()).First(o => o.StartsWith(lineLabelStart, StringComparison.Ordinal));
        await line.SelectOptionAsync(new SelectOptionValue { Label = option });
        await page.GetByLabel("Insats", new() { Exact = true }).FillAsync(measure);
        await page.GetByLabel("Belopp för året").First.FillAsync(budget2023);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(ActivityPage.Url());
        return new ActivityPage(page);
    }
}

/// <summary>One activity at /insatser/{id}: status, exit budget, the steps of its life cycle.</summary>
public sealed partial class ActivityPage(IPage page)
{
    [GeneratedRegex(@"/insatser/\d+$")]
    public static partial Regex Url();

    public static async Task<ActivityPage> OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path.TrimStart('/'));
        return new ActivityPage(page);
    }

    public string Path => new Uri(page.Url).AbsolutePath;

    public async Task<string> StatusAsync() => Text.Normalize(await page.GetByTestId("activity-status").InnerTextAsync());

    public async Task<string> MessageAsync() => Text.Normalize(await page.GetByRole(AriaRole.Status).InnerTextAsync());

    /// <summary>Prepares the draft; when its period or agreement has ended (issue 25) with the reason the page asks for.</summary>
    public async Task PrepareAsync(string lateReason = "Beslutet registreras i efterhand")
    {
        if (await page.GetByTestId("activity-ended").CountAsync() > 0)
        {
            await page.GetByLabel("Skäl att bereda ändå", new() { Exact = false }).FillAsync(lateReason);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Bered för beslut" }).ClickAsync();
        await page.GetByTestId("activity-status").Filter(new() { HasText = "Beredd" }).WaitForAsync();
    }

    /// <summary>Clicks Bered för beslut on a draft that lacks something, and returns the refusal shown on the page.</summary>
    public async Task<string> PrepareRefusedAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Bered för beslut" }).ClickAsync();
        // Issue 25: shown in the status card, next to the button, not at the top of the page.
        return Text.Normalize(await page.GetByTestId("section-error").InnerTextAsync());
    }

    /// <summary>Edits the draft to name its responsible person and period.</summary>
    public async Task SetResponsibleAndPeriodAsync(string responsible, string start, string end)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Redigera", Exact = true }).ClickAsync();
        await page.GetByLabel("Ansvarig person").FillAsync(responsible);
        await page.GetByLabel("Startdatum").FillAsync(start);
        await page.GetByLabel("Slutdatum").FillAsync(end);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Url());
    }

    /// <summary>Opens the decision form, decides, and returns the errors shown (empty when the decision went through).</summary>
    public async Task<string?> ApproveAsync(string reference)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Fatta beslut" }).ClickAsync();
        await page.GetByLabel("Bevilja", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Beslutsreferens (paragraf eller diarienummer)").FillAsync(reference);
        if (await page.GetByTestId("late-decision").CountAsync() > 0)
        {
            await page.GetByLabel("Skäl att bevilja ändå").FillAsync("Beslutet registreras i efterhand");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera beslut" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var errors = page.GetByTestId("form-errors").Locator("li");
        if (Url().IsMatch(page.Url))
        {
            return null;
        }
        return Text.Normalize(string.Join(" ", await errors.AllInnerTextsAsync()));
    }

    /// <summary>The top of the activity page, for the user guide.</summary>
    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new PageScreenshotOptions { Path = path });

    public async Task AddWindDownExitPlanAsync(string windDownDate, string description)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Lägg till exitbudget" }).ClickAsync();
        await page.GetByLabel("Avvecklas när medlen upphör").CheckAsync();
        await page.GetByLabel("Avvecklad senast").FillAsync(windDownDate);
        await page.GetByLabel("Budgetkalkyl och beskrivning").FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara exitbudget" }).ClickAsync();
        await page.WaitForURLAsync(Url());
    }
}
