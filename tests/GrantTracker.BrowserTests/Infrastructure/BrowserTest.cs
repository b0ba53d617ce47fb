using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Infrastructure;

/// <remarks>Each journey class names its collection: most share one app (<see cref="BrowserCollection"/>), a journey
/// that needs a ledger of its own gets an app of its own.</remarks>
[Trait("Category", "Browser")]
public abstract class BrowserTest(BrowserFixture fixture)
{
    /// <summary>Generous: the build machines are small and shared, and a slow page is not a failure.</summary>
    private const float TimeoutMs = 30_000;

    protected BrowserFixture Fixture { get; } = fixture;

    /// <summary>
    /// Runs a journey in a fresh browser context. When it fails, a screenshot of the page as it was is kept in
    /// <c>bin/…/screenshots/</c> before the failure is reported.
    /// </summary>
    protected Task InBrowserAsync(Func<IPage, Task> journey, [CallerMemberName] string testName = "") =>
        InContextsAsync(1, pages => journey(pages[0]), testName);

    /// <summary>A journey of two users at once, each in a browser context of their own (two sign-ins).</summary>
    protected Task InBrowsersAsync(Func<IPage, IPage, Task> journey, [CallerMemberName] string testName = "") =>
        InContextsAsync(2, pages => journey(pages[0], pages[1]), testName);

    private async Task InContextsAsync(int users, Func<IReadOnlyList<IPage>, Task> journey, string testName)
    {
        var contexts = new List<IBrowserContext>();
        var pages = new List<IPage>();
        var consoleErrors = new ConsoleErrors();
        try
        {
            for (var i = 0; i < users; i++)
            {
                var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = Fixture.App.BaseAddress.ToString(),
                    Locale = "sv-SE",
                    ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
                });
                context.SetDefaultTimeout(TimeoutMs);
                context.SetDefaultNavigationTimeout(TimeoutMs);
                consoleErrors.Watch(context);
                contexts.Add(context);
                pages.Add(await context.NewPageAsync());
            }
            try
            {
                await journey(pages);
                consoleErrors.AssertNone();
            }
            catch
            {
                for (var i = 0; i < pages.Count; i++)
                {
                    await KeepScreenshotAsync(pages[i], pages.Count == 1 ? testName : $"{testName}-{i + 1}");
                }
                throw;
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    private static async Task KeepScreenshotAsync(IPage page, string testName)
    {
        try
        {
            var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, testName + ".png"), FullPage = true });
        }
        catch (PlaywrightException)
        {
            // A page too broken to photograph must not hide the failure the test is reporting.
        }
    }

    /// <summary>The repository root, found by walking up to the solution file.</summary>
    protected static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrantTracker.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("GrantTracker.sln not found above " + AppContext.BaseDirectory);
    }
}
