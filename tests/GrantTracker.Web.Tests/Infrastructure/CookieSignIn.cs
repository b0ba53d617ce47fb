using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>
/// A sign-in whose cookies the test holds itself, so that it can keep a copy of the sign-in cookie and replay it
/// later, as someone who copied it would.
/// </summary>
public sealed class CookieSignIn
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>The cookies as a Cookie header, e.g. "GrantTracker=…; .AspNetCore.Antiforgery…=…".</summary>
    public string CookieHeader => string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}"));

    public HttpClient Client { get; }

    private CookieSignIn(HttpClient client) => Client = client;

    public static async Task<CookieSignIn> SignInAsync(WebApplicationFactory<Program> app, string email, string password = "Demo123!")
    {
        var session = new CookieSignIn(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
        var page = await session.SendAsync(HttpMethod.Get, "/konto/logga-in");
        var token = HttpClientFormExtensions.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        var response = await session.SendAsync(HttpMethod.Post, "/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }
        return session;
    }

    /// <summary>Sends with the cookies held, and keeps what the response sets.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? cookieHeader = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        var cookies = cookieHeader ?? CookieHeader;
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }
        var response = await Client.SendAsync(request);
        if (cookieHeader is null && response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                var pair = cookie.Split(';')[0];
                var eq = pair.IndexOf('=');
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }
        return response;
    }

    /// <summary>POSTs a form from a page with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IDictionary<string, string>? fields = null)
    {
        var page = await SendAsync(HttpMethod.Get, formPage);
        var token = HttpClientFormExtensions.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        var all = (fields ?? new Dictionary<string, string>()).Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return await SendAsync(HttpMethod.Post, action, new FormUrlEncodedContent(all));
    }
}

/// <summary>A clock the test moves forward, for the security stamp's validation interval.</summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
