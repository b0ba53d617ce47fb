using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>
/// WCAG 2.1 AA, as the Swedish public-sector accessibility law asks of a region's web services: axe-core on every main
/// page, signed in, on demo mode's lived year (decided activities, closed months, open exceptions, a decided distribution). Any violation fails with its rule, impact and elements.
/// </summary>
[Collection(DemoYearCollection.Name)]
public sealed class AccessibilityTests(DemoYearBrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task The_sign_in_page_has_no_violations() =>
        InBrowserAsync(async page =>
        {
            await SignInPage.OpenAsync(page);
            await Accessibility.AssertNoViolationsAsync(page);
        });

    /// <summary>The main pages an Administratör reads, the Granskningslogg too; "path:link" follows a link named so, "path:first" the first activity.</summary>
    /// <remarks>
    /// Not scanned (issue 27, part 3, ADR 29): /api-dokumentation/, the Scalar package's own page (its HTML template, its Vue
    /// application). axe finds what the app cannot fix from outside: no lang on its &lt;html&gt;, a grey placeholder text below
    /// 4.5:1, an editor without aria-expanded. It is a developer's reference to the feed; what it says is in the JSON document
    /// and, in Swedish, in the user guide's chapter on Power BI and Excel.
    /// </remarks>
    public static TheoryData<string> MainPages() => new()
    {
        "",
        "overenskommelser",
        "overenskommelser:God och nära vård 2023",
        "overenskommelser?ar=2023&status=Aktiv", // issue 22: the filtered list with its sums per year
        "overenskommelser?status=Avslutad", // issue 22: no agreement matches
        "insatser",
        "insatser:first",
        "kostnader",
        "avstamning",
        "avstamning?avtal=gnv2023&manad=2023-11",
        "avstamning/rader?avtal=gnv2023&manad=2023-11&typ=Investment&nyckel=9943",
        "rapporter",
        "deadlines",
        "rapporter/slutredovisning?avtal=gnv2023&ar=2023",
        "fordelningar",
        "fordelningar:24 mkr till vårdenheterna i Hälsoval 2023",
        "vardenheter",
        "granskningslogg",
        "rapporter/aterrapportering?avtal=gnv2023&ar=2023",
        "rapporter/vfu?avtal=gnv2023&ar=2023",
        "avstamning/periodisering?avtal=gnv2023&manad=2023-03",
        "konto/token", // issue 27, part 2: the user's access tokens
    };

    /// <summary>An Administratör reads every main page, the Granskningslogg too.</summary>
    [Theory]
    [MemberData(nameof(MainPages))]
    public Task A_main_page_signed_in_has_no_violations(string target) => ScanAsync(target, width: 1280, height: 900);

    /// <summary>Issue 25: the same pages on a phone (390×844), navigation folded, tables in their scroll regions.</summary>
    [Theory]
    [MemberData(nameof(MainPages))]
    public Task A_main_page_on_a_phone_has_no_violations(string target) => ScanAsync(target, width: 390, height: 844);

    private Task ScanAsync(string target, int width, int height, [System.Runtime.CompilerServices.CallerMemberName] string testName = "") =>
        InBrowserAsync(async page =>
        {
            await page.SetViewportSizeAsync(width, height);
            await (await SignInPage.OpenAsync(page)).SignInAsync("admin@demo.local");
            var (path, link) = target.Split(':') is [var p, var l] ? (p, l) : (target, null);
            await page.GotoAsync(path);
            if (link == "first")
            {
                await page.Locator("table a[href^='/insatser/']").First.ClickAsync();
            }
            else if (link is not null)
            {
                await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).First.ClickAsync();
            }
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Accessibility.AssertNoViolationsAsync(page);
        }, testName);

    /// <summary>Issue 27, part 2: the token page right after creating a token (the token shown once, the list with its revoke button).</summary>
    [Fact]
    public Task The_token_page_with_a_new_token_and_its_list_has_no_violations() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("revisor@demo.local");
            await page.GotoAsync("konto/token");
            await page.GetByLabel("Namn").FillAsync("Power BI uppföljning");
            await page.GetByRole(AriaRole.Button, new() { Name = "Skapa token" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.StartsWith("gt_", await page.GetByTestId("new-token").InnerTextAsync());
            Assert.True(await page.GetByTestId("tokens").IsVisibleAsync(), "The list shows the new token.");
            await Accessibility.AssertNoViolationsAsync(page);
        });

    /// <summary>Issue 23, point 10: the auditor's read-only list of users, roles and organisation numbers.</summary>
    [Fact]
    public Task The_Revisors_read_only_users_page_has_no_violations() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("revisor@demo.local");
            await page.GotoAsync("anvandare");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.True(await page.GetByTestId("users-read-only").IsVisibleAsync(), "The read-only notice is shown.");
            await Accessibility.AssertNoViolationsAsync(page);
        });
}
