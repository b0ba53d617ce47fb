using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>One agreement at /overenskommelser/{id}: key figures, the allocation tree, conditions, obligations.</summary>
public sealed partial class AgreementPage(IPage page)
{
    [GeneratedRegex(@"/overenskommelser/\d+$")]
    public static partial Regex Url();

    public Task<string> NameAsync() => TextOf(page.GetByTestId("agreement-name"));

    public Task<string> RegionAllocationAsync() => TextOf(page.GetByTestId("region-allocation"));

    /// <summary>The sum of the allocation lines under a development area, e.g. "2.2".</summary>
    public Task<string> AreaTotalAsync(string areaCode) => TextOf(page.GetByTestId("area-total-" + areaCode));

    /// <summary>Every "varav …" earmark in the allocation tree, whitespace normalised.</summary>
    public async Task<IReadOnlyList<string>> EarmarksAsync()
    {
        var earmarks = page.GetByTestId("allocation-tree").Locator("div").Filter(new() { HasTextRegex = EarmarkText() });
        await earmarks.First.WaitForAsync();
        return (await earmarks.AllInnerTextsAsync()).Select(Text.Normalize).ToList();
    }

    /// <summary>
    /// A picture of the top of the page down to the end of the allocation tree: the part a reader needs first.
    /// The whole page, with every activity, is too tall to read in a guide.
    /// </summary>
    public async Task ScreenshotAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tree = await page.GetByTestId("allocation-tree").BoundingBoxAsync()
                   ?? throw new InvalidOperationException("The allocation tree is not on the page.");
        var width = page.ViewportSize?.Width ?? 1280;
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = path,
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = width, Height = tree.Y + tree.Height + 16 },
        });
    }

    private static async Task<string> TextOf(ILocator locator) => Text.Normalize(await locator.InnerTextAsync());

    [GeneratedRegex("^varav ")]
    private static partial Regex EarmarkText();
}
