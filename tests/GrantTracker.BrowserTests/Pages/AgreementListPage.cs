using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>The list of agreements at /overenskommelser.</summary>
public sealed partial class AgreementListPage(IPage page)
{
    /// <summary>Opens the list the way a user does: from the main menu.</summary>
    public static async Task<AgreementListPage> OpenFromMenuAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Överenskommelser", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(ListUrl());
        return new AgreementListPage(page);
    }

    public async Task<AgreementPage> OpenAgreementAsync(string name)
    {
        await page.GetByTestId("agreements").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(AgreementPage.Url());
        return new AgreementPage(page);
    }

    [GeneratedRegex(@"/overenskommelser$")]
    private static partial Regex ListUrl();
}
