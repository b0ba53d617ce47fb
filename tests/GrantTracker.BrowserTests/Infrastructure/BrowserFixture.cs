using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Infrastructure;

/// <summary>
/// One app and one Chromium for all browser tests; each test gets its own browser context, so cookies
/// and sign-ins never leak between tests.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium: Playwright's own browser download is not available on these machines.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserFixture()
        : this(new AppServer())
    {
    }

    protected BrowserFixture(AppServer app) => App = app;

    public AppServer App { get; }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public virtual async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {ChromiumPath}. Install it with: apt-get install chromium");
        }
        App.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>A second app with its own database, for the final-report journey: it closes every month of 2023, which would refuse the other journeys' 2023 imports.</summary>
[CollectionDefinition(Name)]
public sealed class FinalReportCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser, final report";
}

/// <summary>
/// An app on demo mode's lived year (<c>Demo:Year</c>: activities decided, months closed, the 24 mkr distributed), as a new user
/// first sees it: for the pages' pictures and the accessibility scan of pages full of figures. Read only.
/// </summary>
public sealed class DemoYearBrowserFixture() : BrowserFixture(new AppServer(new Dictionary<string, string> { ["Demo:Year"] = "true" }));

[CollectionDefinition(Name)]
public sealed class DemoYearCollection : ICollectionFixture<DemoYearBrowserFixture>
{
    public const string Name = "Browser, demo year";
}
