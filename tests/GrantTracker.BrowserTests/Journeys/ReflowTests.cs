using GrantTracker.BrowserTests.Infrastructure;
using GrantTracker.BrowserTests.Pages;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Journeys;

/// <summary>
/// Issue 25, WCAG 2.1 reflow (1.4.10): at 320 CSS px wide (a 1280 px screen at 400 % zoom, or a small phone) no page
/// scrolls sideways as a whole. Wide tables scroll inside their own focusable, labelled region; the navigation folds
/// into a menu; forms stack. Each role's main pages on the demo year, the forms it fills in too.
/// </summary>
[Collection(DemoYearCollection.Name)]
public sealed class ReflowTests(DemoYearBrowserFixture fixture) : BrowserTest(fixture)
{
    private const int NarrowWidth = 320;

    /// <summary>The pages each role works in. {avtal}, {insats}, {fordelning} and {deadline} are found on the demo year.</summary>
    public static TheoryData<string, string[]> MainPages() => new()
    {
        {
            "admin@demo.local",
            [
                "", "overenskommelser", "overenskommelser?ar=2023&status=Aktiv", "overenskommelser/{avtal}", "overenskommelser/ny",
                "overenskommelser/{avtal}/redigera", "overenskommelser/{avtal}/omraden/nytt", "overenskommelser/{avtal}/rader/ny",
                "overenskommelser/{avtal}/krav", "overenskommelser/{avtal}/krav/nytt", "overenskommelser/{avtal}/villkor",
                "overenskommelser/{avtal}/villkor/nytt", "overenskommelser/{avtal}/objekt", "overenskommelser/{avtal}/objekt/ny",
                "overenskommelser/{avtal}/rapportering", "overenskommelser/{avtal}/rapportering/ny",
                "overenskommelser/{avtal}/nationella-nycklar", "overenskommelser/{avtal}/filer/ny", "overenskommelser/importera",
                "insatser", "insatser/{insats}", "insatser/{insats}/beslutsunderlag", "insatser/ny?agreementId={avtal}", "kostnader", "kostnader/importer",
                "kostnader/kolumner", "avstamning", "avstamning?avtal=gnv2023&manad=2023-11",
                "avstamning/rader?avtal=gnv2023&manad=2023-11&typ=Investment&nyckel=9943",
                "avstamning/periodisering?avtal=gnv2023&manad=2023-03", "rapporter", "rapporter/slutredovisning?avtal=gnv2023&ar=2023",
                "rapporter/aterrapportering?avtal=gnv2023&ar=2023", "rapporter/vfu?avtal=gnv2023&ar=2023",
                "rapporter/avstamning?avtal=gnv2023&typ=manad&manad=2023-11", "rapporter/handlingsplan?avtal=gnv2023",
                "deadlines", "deadlines/{deadline}", "deadlines/kalender", "fordelningar", "fordelningar/{fordelning}", "vardenheter",
                "granskningslogg", "anvandare",
            ]
        },
        {
            "handlaggare@demo.local",
            [
                "", "overenskommelser", "overenskommelser/{avtal}", "overenskommelser/{avtal}/rader/ny", "insatser", "insatser/{insats}",
                "insatser/ny?agreementId={avtal}", "deadlines", "deadlines/{deadline}", "fordelningar", "fordelningar/{fordelning}", "vardenheter", "rapporter",
            ]
        },
        {
            "beslutsfattare@demo.local",
            ["", "overenskommelser/{avtal}", "insatser", "insatser/{insats}", "deadlines", "fordelningar", "fordelningar/{fordelning}"]
        },
        {
            "ekonom@demo.local",
            [
                "", "kostnader", "kostnader/importera", "kostnader/importer", "kostnader/kolumner", "kostnader/kolumner/ny", "avstamning",
                "avstamning?avtal=gnv2023&manad=2023-11", "avstamning/periodisering?avtal=gnv2023&manad=2023-03", "rapporter",
                "rapporter/slutredovisning?avtal=gnv2023&ar=2023", "rapporter/aterrapportering?avtal=gnv2023&ar=2023", "deadlines",
                "deadlines/{deadline}", "vardenheter", "overenskommelser/{avtal}/nationella-nycklar",
            ]
        },
        {
            "utforare@demo.local",
            ["", "overenskommelser", "overenskommelser/{avtal}", "insatser", "deadlines", "fordelningar", "fordelningar/{fordelning}"]
        },
        {
            "revisor@demo.local",
            ["", "overenskommelser/{avtal}", "kostnader", "avstamning?avtal=gnv2023&manad=2023-11", "granskningslogg", "anvandare", "rapporter/slutredovisning?avtal=gnv2023&ar=2023"]
        },
    };

    [Theory]
    [MemberData(nameof(MainPages))]
    public Task No_main_page_scrolls_sideways_at_320_px(string user, string[] paths) =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync(user);
            var ids = await DemoIdsAsync(page, paths);
            await page.SetViewportSizeAsync(NarrowWidth, 800);

            var tooWide = new List<string>();
            foreach (var template in paths)
            {
                var path = ids.Aggregate(template, (p, id) => p.Replace(id.Key, id.Value));
                var response = await page.GotoAsync(path);
                Assert.True(response is { Ok: true }, $"{path} answers {response?.Status}");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var width = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                if (width[0] > width[1])
                {
                    var culprits = await page.EvaluateAsync<string[]>(CulpritsScript);
                    tooWide.Add($"/{path}: {width[0]} px wide at {width[1]} px; sticking out: {string.Join(" | ", culprits)}");
                }
            }
            Assert.True(tooWide.Count == 0, $"{tooWide.Count} of {paths.Length} pages scroll sideways for {user}:\n" + string.Join("\n", tooWide));
        });

    /// <summary>At phone width the navigation is one button; it opens the menu (Bootstrap's script, allowed by the policy).</summary>
    [Fact]
    public Task The_navigation_folds_into_a_menu_on_a_phone() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("ekonom@demo.local");
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("");
            var costs = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Kostnader", Exact = true });
            Assert.False(await costs.IsVisibleAsync(), "The links are folded away at 390 px.");

            var menu = page.GetByRole(AriaRole.Button, new() { Name = "Visa menyn" });
            await menu.ClickAsync();
            await costs.WaitForAsync();
            Assert.Equal("true", await menu.GetAttributeAsync("aria-expanded"));
            await costs.ClickAsync();
            await page.WaitForURLAsync("**/kostnader");
        });

    /// <summary>Every table the pages show scrolls in a region a keyboard can reach and a screen reader can name.</summary>
    [Fact]
    public Task Every_table_sits_in_a_focusable_labelled_region() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("admin@demo.local");
            string[] paths = ["overenskommelser/{avtal}", "insatser", "avstamning?avtal=gnv2023&manad=2023-11", "granskningslogg", "vardenheter", "deadlines", "kostnader"];
            var ids = await DemoIdsAsync(page, paths);
            await page.SetViewportSizeAsync(NarrowWidth, 800);
            foreach (var path in paths)
            {
                await page.GotoAsync(ids.Aggregate(path, (p, id) => p.Replace(id.Key, id.Value)));
                var unwrapped = await page.EvaluateAsync<string[]>(
                    "() => [...document.querySelectorAll('main table')].filter(t => { const r = t.parentElement; " +
                    "return !(r.matches('[role=region][tabindex=\"0\"]') && (r.getAttribute('aria-label') || '').trim().length > 0); })" +
                    ".map(t => t.dataset.testid || t.className)");
                Assert.True(unwrapped.Length == 0, $"/{path}: tables outside a focusable, labelled region: {string.Join(", ", unwrapped)}");
            }
        });

    /// <summary>The same for tables the journeys never open: every table in the views is written with its region's label.</summary>
    [Fact]
    public void Every_table_in_the_views_is_written_with_a_region_label()
    {
        var features = Path.Combine(RepositoryRoot(), "src", "GrantTracker.Web", "Features");
        var bare = Directory.EnumerateFiles(features, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => System.Text.RegularExpressions.Regex.IsMatch(x.line, @"<table\b(?![^>]*\bregion-label=)"))
            .Select(x => $"{Path.GetRelativePath(features, x.file)}:{x.number}")
            .ToList();
        Assert.True(bare.Count == 0, "Tables without region-label (TableRegionTagHelper): " + string.Join(", ", bare));
    }

    /// <summary>The user guide's phone picture: the Beslutsfattare's start page at 390×844, the menu folded into its button.</summary>
    [Fact]
    public Task The_user_guides_phone_picture() =>
        InBrowserAsync(async page =>
        {
            await (await SignInPage.OpenAsync(page)).SignInAsync("beslutsfattare@demo.local");
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Insatser som väntar på beslut" }).WaitForAsync();
            Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Visa menyn" }).IsVisibleAsync(), "The menu is one button on a phone.");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", "mobil-start.png") });
        });

    /// <summary>The demo year's ids the paths need, found the way a user would: by following links.</summary>
    private static async Task<Dictionary<string, string>> DemoIdsAsync(IPage page, IEnumerable<string> paths)
    {
        async Task<string> HrefAsync(string path, Func<IPage, ILocator> find)
        {
            await page.GotoAsync(path);
            var href = await find(page).First.GetAttributeAsync("href") ?? throw new InvalidOperationException($"No link on /{path}");
            return href.TrimStart('/').Split('/')[1];
        }
        var wanted = string.Concat(paths);
        var ids = new Dictionary<string, string>();
        if (wanted.Contains("{avtal}"))
        {
            ids["{avtal}"] = await HrefAsync("overenskommelser", p => p.GetByRole(AriaRole.Link, new() { Name = "God och nära vård 2023", Exact = true }));
        }
        if (wanted.Contains("{insats}"))
        {
            ids["{insats}"] = await HrefAsync("insatser", p => p.Locator("table a[href^='/insatser/']"));
        }
        if (wanted.Contains("{fordelning}"))
        {
            ids["{fordelning}"] = await HrefAsync("fordelningar", p => p.Locator("table a[href^='/fordelningar/']"));
        }
        if (wanted.Contains("{deadline}"))
        {
            ids["{deadline}"] = await HrefAsync("deadlines", p => p.Locator("table a[href^='/deadlines/']"));
        }
        return ids;
    }

    /// <summary>
    /// The elements that first stick out past the viewport's right edge (their parent does not), or else the innermost
    /// ones that do, outside any box that scrolls or clips them: where to look when a page is too wide.
    /// </summary>
    private const string CulpritsScript = """
        () => {
          const w = window.innerWidth;
          const clipped = el => { for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
              if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= w + 0.5) return true; } return false; };
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
              (el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : '') +
              (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
              ' "' + (el.innerText || '').trim().slice(0, 40).replace(/\s+/g, ' ') + '" right=' + Math.round(el.getBoundingClientRect().right);
          const out = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > w + 0.5 && !clipped(el); };
          const all = [...document.body.querySelectorAll('*')].filter(out);
          const first = all.filter(el => !el.parentElement || !out(el.parentElement));
          const leaves = all.filter(el => ![...el.children].some(out));
          return (first.length > 0 ? first : leaves).slice(0, 6).map(describe);
        }
        """;
}
