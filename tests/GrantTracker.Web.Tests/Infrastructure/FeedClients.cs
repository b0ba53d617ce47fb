using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>
/// Clients of the read feed, as the region's tools are: the user signs in, creates a personal access token on /konto/token and
/// the client sends it (Bearer; <see cref="BasicAsync"/> as Excel does), without the sign-in cookie.
/// </summary>
public static partial class FeedClients
{
    public static async Task<HttpClient> ForAsync(WebApplicationFactory<Program> app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(app, email));
        return client;
    }

    /// <summary>As Excel's and Power BI's OData connector send it: Basic, any user name, the token as the password.</summary>
    public static async Task<HttpClient> BasicAsync(WebApplicationFactory<Program> app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var pair = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{email}:{await TokenAsync(app, email)}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", pair);
        return client;
    }

    /// <summary>A new token of the user's, made on the page as the user makes one.</summary>
    public static async Task<string> TokenAsync(WebApplicationFactory<Program> app, string email, string name = "Power BI")
    {
        var signedIn = await GrantTrackerFactory.SignInAsync(app, email);
        // The expiry the page proposes: the app's own today (the demo year's clock may stand elsewhere) and the default ahead of it.
        var form = await signedIn.GetPageAsync("/konto/token");
        var match = DefaultDay().Match(form);
        var day = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
        var response = await signedIn.PostFormAsync("/konto/token", "/konto/token", new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.LastValidDay"] = day,
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var secret = Secret().Match(HtmlElement.ByTestId(html, "new-token")).Value;
        return secret.Length > 0 ? secret : throw new InvalidOperationException($"No token for {email}: {(int)response.StatusCode}");
    }

    [GeneratedRegex("name=\"Form.LastValidDay\"[^>]*value=\"([0-9-]{10})\"|value=\"([0-9-]{10})\"[^>]*name=\"Form.LastValidDay\"")]
    private static partial Regex DefaultDay();

    [GeneratedRegex("gt_[A-Za-z0-9_-]{43}")]
    private static partial Regex Secret();
}
