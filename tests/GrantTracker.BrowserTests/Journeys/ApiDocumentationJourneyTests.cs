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
            // The app's own feed, as the region's report builders read it (the test feed's Widgets are beside it in this app).
            await page.GetByRole(AriaRole.Link, new() { Name = "MonthFigures" }).First.ClickAsync();
            await page.GetByText("MonthFigures, sida för sida").First.WaitForAsync();
            await page.GetByText("$filter").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", "api-dokumentation.png") });

            // Everything came from the app itself: no CDN, no fonts, no telemetry.
            var origin = Fixture.App.BaseAddress.GetLeftPart(UriPartial.Authority);
            Assert.All(requests.Where(r => r.StartsWith("http", StringComparison.Ordinal)), r => Assert.StartsWith(origin, r, StringComparison.Ordinal));
            Assert.Contains(requests, r => r.EndsWith("/api-dokumentation/scalar.js", StringComparison.Ordinal));
            Assert.Contains(requests, r => r.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
        });

    /// <summary>
    /// Issue 27's main journey: an Ekonom makes a token on Åtkomsttoken, copies it from the page, the tool reads the feed with it
    /// (as Excel does: Basic, the token as password), and after Återkalla the same request is refused at once.
    /// </summary>
    [Fact]
    public Task An_Ekonom_makes_a_token_reads_the_feed_with_it_as_Excel_does_and_revokes_it() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("ekonom@demo.local");
            await page.GetByTestId("access-tokens-link").ClickAsync();
            await page.GetByLabel("Namn").FillAsync("Power BI, uppföljning");
            await page.GetByRole(AriaRole.Button, new() { Name = "Skapa token" }).ClickAsync();
            var token = (await page.GetByTestId("new-token").InnerTextAsync()).Trim();
            Assert.Matches(TokenFormat(), token);

            var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("eva@region.se:" + token));
            var feed = Fixture.App.BaseAddress + "odata/Agreements?$select=Code";
            var read = await page.APIRequest.GetAsync(feed, new() { Headers = new Dictionary<string, string> { ["Authorization"] = basic } });
            Assert.Equal(200, read.Status);
            Assert.Contains("gnv2023", await read.TextAsync());

            // The page lists it without the secret; Återkalla asks first, then it stops working at once.
            await page.GotoAsync("konto/token");
            Assert.DoesNotContain(token, await page.ContentAsync());
            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Återkalla Power BI, uppföljning" }).ClickAsync();
            await page.GetByTestId("tokens").GetByText("Återkallad").First.WaitForAsync();
            var refused = await page.APIRequest.GetAsync(feed, new() { Headers = new Dictionary<string, string> { ["Authorization"] = basic } });
            Assert.Equal(401, refused.Status);
        });

    [GeneratedRegex("^gt_[A-Za-z0-9_-]{43}$")]
    private static partial Regex TokenFormat();

    [GeneratedRegex("/konto/logga-in")]
    private static partial Regex SignInUrl();
}
