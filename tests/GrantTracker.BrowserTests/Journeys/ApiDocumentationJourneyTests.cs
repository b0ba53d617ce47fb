using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>
/// Issue 27, part 3: the API documentation page (Scalar, /api-dokumentation/) renders the feed's OpenAPI document in a real
/// browser under the app's strict CSP: its scripts from the app (no CDN), its one inline script by nonce. A CSP violation or a
/// failed file is a console error, which fails the journey (<see cref="ConsoleErrors"/>).
/// </summary>
[Collection(ApiDocumentationCollection.Name)]
public sealed partial class ApiDocumentationJourneyTests(ApiDocumentationBrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task A_signed_in_user_follows_the_footer_link_and_reads_the_feeds_description() =>
        InBrowserAsync(async page =>
        {
            var requests = new List<string>();
            page.Request += (_, request) => requests.Add(request.Url);

            await page.GotoAsync("api-dokumentation/");
            Assert.Matches(SignInUrl(), page.Url);

            await (await SignInPage.OpenAsync(page)).SignInAsync("utforare@demo.local");
            await page.GotoAsync("");
            await page.GetByTestId("api-documentation-link").ClickAsync();

            await page.GetByRole(AriaRole.Heading, new() { Name = "GrantTracker – läs-API (OData v4)" }).WaitForAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Widgets" }).First.ClickAsync();
            await page.GetByText("Widgets, sida för sida").First.WaitForAsync();
            await page.GetByText("$filter").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", "api-dokumentation.png") });

            // Everything came from the app itself: no CDN, no fonts, no telemetry.
            var origin = Fixture.App.BaseAddress.GetLeftPart(UriPartial.Authority);
            Assert.All(requests.Where(r => r.StartsWith("http", StringComparison.Ordinal)), r => Assert.StartsWith(origin, r, StringComparison.Ordinal));
            Assert.Contains(requests, r => r.EndsWith("/api-dokumentation/scalar.js", StringComparison.Ordinal));
            Assert.Contains(requests, r => r.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        });

    [GeneratedRegex("/konto/logga-in")]
    private static partial Regex SignInUrl();
}
