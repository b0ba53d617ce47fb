using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>The agreement page's status badge and its Avslut section (issue 26): what is missing, Avsluta, Öppna igen.</summary>
public sealed class CloseOutSection(IPage page)
{
    public async Task<string> StatusAsync() => Text.Normalize(await page.GetByTestId("agreement-status").InnerTextAsync());

    public async Task<IReadOnlyList<string>> MissingAsync() =>
        (await page.GetByTestId("close-out-missing").Locator("li").AllInnerTextsAsync()).Select(Text.Normalize).ToList();

    /// <summary>Clicks Avsluta överenskommelsen and returns the outcome shown beside it (a refusal or the success).</summary>
    public async Task<string> CloseAsync()
    {
        await page.GetByTestId("close-agreement").ClickAsync();
        var outcome = page.GetByTestId("close-out").Locator("[data-testid=section-error], [data-testid=section-message]");
        await outcome.First.WaitForAsync();
        return Text.Normalize(await outcome.First.InnerTextAsync());
    }

    public async Task<string> ReadOnlyNoticeAsync() => Text.Normalize(await page.GetByTestId("read-only").InnerTextAsync());
}
