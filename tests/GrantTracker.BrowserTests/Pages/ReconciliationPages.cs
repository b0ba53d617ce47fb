using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>Avstämning at /avstamning: lines against booked cost, the exceptions and the month close.</summary>
public sealed partial class ReconciliationPage(IPage page)
{
    public static async Task<ReconciliationPage> OpenFromMenuAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Avstämning", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(Url());
        return new ReconciliationPage(page);
    }

    /// <summary>Chooses the agreement by its name; the page reloads with its latest booked month.</summary>
    public async Task ChooseAgreementAsync(string name)
    {
        var picker = page.GetByLabel("Överenskommelse", new() { Exact = true });
        var before = page.Url;
        await picker.SelectOptionAsync(new SelectOptionValue { Label = name });
        if (await picker.InputValueAsync() is var code && !before.Contains($"avtal={code}"))
        {
            await page.WaitForURLAsync(new Regex($"avtal={code}"));
        }
    }

    /// <summary>Chooses the month in the picker; the page reloads itself (unless the month is already shown).</summary>
    public async Task ChooseMonthAsync(string month)
    {
        var picker = page.GetByLabel("Till och med månad");
        if (await picker.InputValueAsync() == month)
        {
            return;
        }
        await picker.SelectOptionAsync(new SelectOptionValue { Value = month });
        await page.WaitForURLAsync(new Regex($"manad={month}"));
    }

    /// <summary>A line's "booked to date" as shown, e.g. "15 000,75 kr".</summary>
    public async Task<string> BookedAsync(string lineCode) => Text.Normalize(await page.GetByTestId($"booked-{lineCode}").InnerTextAsync());

    public async Task<string> TotalsAsync() => Text.Normalize(await page.GetByTestId("totals").InnerTextAsync());

    public async Task<string> MonthStatusAsync() => Text.Normalize(await page.GetByTestId("month-status").InnerTextAsync());

    /// <summary>Opens the rows behind a line's booked cost and returns their sum as shown.</summary>
    public async Task<string> DrillDownAsync(string lineCode)
    {
        await page.GetByTestId($"booked-{lineCode}").ClickAsync();
        await page.WaitForURLAsync(new Regex("/avstamning/rader"));
        return Text.Normalize(await page.GetByTestId("rows-sum").InnerTextAsync());
    }

    public Task<int> LedgerRowCountAsync() => page.GetByTestId("ledger-rows").Locator("tbody tr").CountAsync();

    public async Task BackAsync()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "← Tillbaka till avstämningen" }).ClickAsync();
        await page.WaitForURLAsync(Url());
    }

    /// <summary>Writes a note on the exception of a kind and marks it resolved.</summary>
    public async Task ResolveAsync(string kind, string text)
    {
        var card = page.GetByTestId($"exception-{kind}");
        await card.GetByLabel("Kommentar").FillAsync(text);
        await card.GetByLabel("Åtgärdad").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await page.GetByText("Avvikelsen är markerad som åtgärdad.").WaitForAsync();
    }

    /// <summary>
    /// Saves the first exception's comment with no text (issue 25) and returns the refusal shown inside that exception's card, and
    /// whether it is in view once the page is back: the message belongs next to the form, not at the top of the page.
    /// </summary>
    public async Task<(string Message, bool InView, bool AtTop)> SaveEmptyCommentAsync()
    {
        var card = page.Locator("div.card[data-testid^=exception-]").Filter(new() { Has = page.GetByLabel("Kommentar") }).First;
        var id = await card.GetAttributeAsync("id");
        await card.GetByLabel("Kommentar").FillAsync("");
        await card.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"#{id}$"));
        var error = page.Locator($"[id='{id}']").GetByTestId("section-error");
        await error.WaitForAsync();
        // The browser scrolls to the fragment once the page has loaded: give it that moment (up to 3 s) before judging.
        var inView = false;
        for (var attempt = 0; attempt < 30 && !inView; attempt++)
        {
            inView = await error.EvaluateAsync<bool>("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }");
            if (!inView)
            {
                await Task.Delay(100);
            }
        }
        return (Text.Normalize(await error.InnerTextAsync()), inView, await page.GetByTestId("page-error").CountAsync() > 0);
    }

    /// <summary>Ties out the month by confirming the totals shown (ADR 21) and returns how the page then says it is tied out.</summary>
    public async Task<string> ConfirmTotalsAsync(string month)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^Bekräfta summorna för {month}") }).ClickAsync();
        await page.GetByText($"Summorna för {month} är bekräftade").WaitForAsync();
        return Text.Normalize(await page.GetByTestId($"tie-out-{month}").InnerTextAsync());
    }

    public Task<bool> CloseEnabledAsync(string month) => page.GetByRole(AriaRole.Button, new() { Name = $"Stäng {month}" }).IsEnabledAsync();

    public async Task CloseAsync(string month)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Stäng {month}" }).ClickAsync();
        await page.GetByText($"{month} är stängd. Importer").WaitForAsync();
    }

    public Task ScreenshotAsync(string path) => page.ScreenshotAsync(new() { Path = path, FullPage = true });

    /// <summary>Avstämning → Periodisering: records a payment and returns the deferred income as shown.</summary>
    public async Task<string> RecordPaymentAsync(string date, string amount, string reference)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Periodisering", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/avstamning/periodisering"));
        await page.GetByLabel("Datum").FillAsync(date);
        await page.GetByLabel("Belopp (kr)").FillAsync(amount);
        await page.GetByLabel("Referens").FillAsync(reference);
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera betalning" }).ClickAsync();
        await page.GetByText("Betalningen är registrerad.").WaitForAsync();
        return Text.Normalize(await page.GetByTestId("deferred").InnerTextAsync());
    }

    /// <summary>Downloads the proposed accrual entry as SIE 4 and returns the saved file's path.</summary>
    public async Task<string> DownloadAccrualSieAsync(string directory)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-sie").ClickAsync());
        var path = Path.Combine(directory, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    [GeneratedRegex(@"/avstamning(\?.*)?$")]
    private static partial Regex Url();
}
