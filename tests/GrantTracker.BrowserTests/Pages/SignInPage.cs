using System.Text.RegularExpressions;
using GrantTracker.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace GrantTracker.BrowserTests.Pages;

/// <summary>The sign-in form at /konto/logga-in.</summary>
public sealed partial class SignInPage(IPage page)
{
    public static async Task<SignInPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("konto/logga-in");
        return new SignInPage(page);
    }

    /// <summary>Signs in and waits until the app has let the user in.</summary>
    public async Task SignInAsync(string email, string password = "Demo123!")
    {
        await SubmitAsync(email, password);
        await page.WaitForURLAsync(url => !SignInUrl().IsMatch(url));
    }

    /// <summary>Submits the form without expecting to get in; read <see cref="ErrorAsync"/> afterwards.</summary>
    public async Task SubmitAsync(string email, string password)
    {
        await page.GetByLabel("E-post").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
    }

    /// <summary>The error shown above the form (not tied to one field), whitespace normalised.</summary>
    public async Task<string> ErrorAsync() =>
        Text.Normalize(await page.Locator("[data-testid=form-errors] li").First.InnerTextAsync());

    [GeneratedRegex("/konto/logga-in")]
    private static partial Regex SignInUrl();
}
