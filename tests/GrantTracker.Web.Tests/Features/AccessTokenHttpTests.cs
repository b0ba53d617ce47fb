using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 27, part 2, over real HTTP: personal access tokens on /konto/token, the AccessToken scheme and the feed's policy, proved on a
/// test-only endpoint under /odata (<see cref="FeedProbeController"/>) guarded as the feed is.
/// </summary>
public sealed partial class AccessTokenHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();
    private readonly MovableClock _clock = new();
    private readonly WebApplicationFactory<Program> _app;

    public AccessTokenHttpTests() =>
        // The app's clock moves (expiry, "today"); sign-in keeps the real one, or the cookie would expire with the moved clock.
        _app = _factory.WithProbe(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.ConfigureAll<CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);
            s.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = TimeProvider.System);
        }));

    public void Dispose()
    {
        _app.Dispose();
        _factory.Dispose();
    }

    private string Day(int fromToday) => SwedishFormat.Date(SwedishFormat.Today(_clock).AddDays(fromToday));

    private Task<HttpClient> SignInAsync(string email) => GrantTrackerFactory.SignInAsync(_app, email);

    private HttpClient Anonymous() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task<(HttpResponseMessage Response, string Html)> PostCreateAsync(HttpClient client, string name, string lastDay)
    {
        var response = await client.PostFormAsync("/konto/token", "/konto/token", new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.LastValidDay"] = lastDay,
        });
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task<string> CreateTokenAsync(HttpClient client, string name = "Power BI")
    {
        var (response, html) = await PostCreateAsync(client, name, Day(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Secret().Match(HtmlElement.ByTestId(html, "new-token")).Value;
    }

    private static HttpRequestMessage Probe(string? scheme, string? parameter, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/odata/probe");
        if (scheme is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, parameter);
        }
        return request;
    }

    private static HttpRequestMessage Bearer(string token) => Probe("Bearer", token);

    private static HttpRequestMessage Basic(string token, string user = "excel") =>
        Probe("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}")));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<long> TokenUsesAuditedAsync() =>
        ScalarAsync("SELECT COUNT(*) FROM AuditEntries WHERE EntityType = 'AccessToken' AND Changes LIKE '{\"LastUsedOn\"%'");

    private static void AssertChallenge(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
        Assert.Contains("Basic realm=\"GrantTracker\", charset=\"UTF-8\"", challenges);
        Assert.Contains(challenges, c => c.StartsWith("Bearer", StringComparison.Ordinal));
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Creating_a_token_shows_it_once_in_the_answer_and_the_list_shows_only_its_name_and_prefix_afterwards()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var form = await officer.GetPageAsync("/konto/token");
        Assert.Contains($"value=\"{Day(AccessTokensDefaultDays)}\"", form); // the suggested expiry
        Assert.Contains("Du har inga åtkomsttoken.", form);

        var (response, html) = await PostCreateAsync(officer, "Power BI uppföljning", Day(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var secret = Secret().Match(HtmlElement.ByTestId(html, "new-token")).Value;
        Assert.NotEmpty(secret);
        var box = HtmlElement.ByTestId(html, "new-token-box");
        Assert.Contains("den visas bara den här gången", box);
        Assert.Contains("Grundläggande", box);
        Assert.Contains("Authorization: Bearer", box);
        Assert.Contains($"Den gäller till och med {Day(30)}.", box);
        // Not in a cookie (TempData) nor a URL: only in this answer.
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        Assert.DoesNotContain(cookies, c => c.Contains(secret[8..], StringComparison.Ordinal));
        Assert.DoesNotContain(cookies, c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));

        var list = await officer.GetPageAsync("/konto/token");
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain(secret[8..], list);
        Assert.DoesNotContain("data-testid=\"new-token\"", list);
        var row = HtmlElement.ByTestId(list, "token-row");
        Assert.Contains("Power BI uppföljning", row);
        Assert.Contains(secret[..8] + "…", row);
        Assert.Contains(Day(30), row);
        Assert.Contains("Aldrig", row);
        Assert.Contains("Aktiv", row);

        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM AccessTokens WHERE TokenHash = '{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret)))}' AND Prefix = '{secret[..8]}'"));
        Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM AccessTokens WHERE Name || TokenHash || Prefix LIKE '%{secret[8..]}%'"));
        Assert.Equal(0, await ScalarAsync($"SELECT COUNT(*) FROM AuditEntries WHERE Changes LIKE '%{secret[8..]}%'"));
    }

    private const int AccessTokensDefaultDays = GrantTracker.Web.Features.Account.AccessTokensController.DefaultDays;

    [Theory]
    [InlineData("", 30, "Ge token ett namn")]
    [InlineData("Excel", 0, "Sista giltighetsdag måste vara efter i dag")]
    [InlineData("Excel", -3, "Sista giltighetsdag måste vara efter i dag")]
    [InlineData("Excel", 400, "En token får gälla högst ett år. Välj ett datum till och med")]
    public async Task A_token_without_a_name_or_with_an_expiry_not_after_today_or_over_a_year_ahead_is_refused_in_Swedish_and_nothing_is_written(
        string name, int days, string message)
    {
        var officer = await SignInAsync("handlaggare@demo.local");

        var (response, html) = await PostCreateAsync(officer, name, Day(days));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = HtmlElement.ByTestId(html, "token-form");
        Assert.Contains(message, form);
        Assert.Contains($"value=\"{Day(days)}\"", form); // what was typed is kept
        Assert.DoesNotContain("data-testid=\"new-token\"", html);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM AccessTokens"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM AuditEntries WHERE EntityType = 'AccessToken'"));
        foreach (var page in new[] { "/konto/token", "/", "/overenskommelser" })
        {
            Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(page)).StatusCode);
        }
    }

    [Fact]
    public async Task A_date_that_is_no_date_and_an_empty_name_are_both_refused_at_once()
    {
        var officer = await SignInAsync("handlaggare@demo.local");

        var (_, html) = await PostCreateAsync(officer, "", "nästa vecka");

        var form = HtmlElement.ByTestId(html, "token-form");
        Assert.Contains("Ge token ett namn", form);
        Assert.Contains("nästa vecka", form);
        Assert.Matches("field-validation-error[^>]*>[^<]+</span>", form);
        Assert.Equal(2, Regex.Matches(form, "field-validation-error[^>]*>[^<]+</span>").Count);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM AccessTokens"));
    }

    [Fact]
    public async Task Bearer_and_Basic_with_any_user_name_both_authenticate_as_the_tokens_user_with_its_roles()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var token = await CreateTokenAsync(officer);
        var client = Anonymous();

        foreach (var request in new[] { Bearer(token), Basic(token), Basic(token, user: ""), Basic(token, user: "vem som helst") })
        {
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = (await response.Content.ReadFromJsonAsync<FeedProbeAnswer>())!;
            Assert.Equal("handlaggare@demo.local", answer.Name);
            Assert.Equal(AccessTokenDefaults.Scheme, answer.AuthenticationType);
            Assert.Equal([Roles.Officer], answer.Roles);
            Assert.NotNull(answer.TokenId);
            Assert.Null(answer.Performer);
            Assert.Null(answer.Organisations);
        }
    }

    [Fact]
    public async Task An_Utforare_token_carries_the_Utforare_role_only_and_its_pages_scope()
    {
        var provider = await SignInAsync("utforare@demo.local");
        var token = await CreateTokenAsync(provider, "Min uppföljning");

        var answer = (await (await Anonymous().SendAsync(Bearer(token))).Content.ReadFromJsonAsync<FeedProbeAnswer>())!;

        Assert.Equal("utforare@demo.local", answer.Name);
        Assert.Equal([Roles.Provider], answer.Roles);
        // ProviderScope, unchanged, scopes it as it scopes the Utförare's pages: its own performer name and organisation numbers.
        Assert.Equal(GrantTrackerFactory.OwnPerformer, answer.Performer);
        Assert.NotNull(answer.Organisations);
    }

    [Fact]
    public async Task No_token_a_wrong_one_or_a_malformed_header_is_answered_401_with_the_Basic_challenge_and_no_redirect()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var token = await CreateTokenAsync(officer);
        var client = Anonymous();

        var none = await client.SendAsync(Probe(null, null));
        AssertChallenge(none);
        Assert.Contains("Ange en åtkomsttoken", await none.Content.ReadAsStringAsync());

        var wrong = await client.SendAsync(Bearer("gt_" + new string('A', 43)));
        AssertChallenge(wrong);
        Assert.Contains("Token är okänd", await wrong.Content.ReadAsStringAsync());

        AssertChallenge(await client.SendAsync(Bearer(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'))));
        AssertChallenge(await client.SendAsync(Basic(token[..^2])));
        AssertChallenge(await client.SendAsync(Probe("Basic", "inte base64!")));
        AssertChallenge(await client.SendAsync(Probe("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(token))))); // no colon
        AssertChallenge(await client.SendAsync(Probe("Digest", token)));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(token))).StatusCode);
    }

    [Fact]
    public async Task A_cookie_alone_does_not_authenticate_the_feed_it_gets_401_not_a_redirect()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/overenskommelser")).StatusCode);

        var response = await officer.SendAsync(Probe(null, null));

        AssertChallenge(response);
    }

    [Fact]
    public async Task A_token_does_not_open_a_page_it_is_sent_to_sign_in()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var token = await CreateTokenAsync(officer);
        var client = Anonymous();

        foreach (var page in new[] { "/overenskommelser", "/konto/token", "/granskningslogg", "/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/konto/logga-in", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task A_token_never_writes_a_POST_with_a_valid_token_is_refused()
    {
        var officer = await SignInAsync("admin@demo.local");
        var token = await CreateTokenAsync(officer);

        var response = await Anonymous().SendAsync(Probe("Bearer", token, HttpMethod.Post));

        // Refused before routing under /odata (UseFeedErrors: 405, GET and HEAD only); the ReadFeed policy's GET/HEAD rule is the second guard.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.DoesNotContain("written", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revoked_token_stops_at_the_very_next_request()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var token = await CreateTokenAsync(officer);
        var client = Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(token))).StatusCode);
        var id = await ScalarAsync("SELECT Id FROM AccessTokens");

        var revoked = await officer.PostFormAsync("/konto/token", $"/konto/token/{id}/aterkalla", new Dictionary<string, string>());
        var next = await client.SendAsync(Bearer(token));

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        AssertChallenge(next);
        Assert.Contains("Token är återkallad", await next.Content.ReadAsStringAsync());
        AssertChallenge(await client.SendAsync(Basic(token)));
        var list = await officer.GetPageAsync("/konto/token");
        Assert.Contains("Token är återkallad och slutar fungera direkt.", list);
        var row = HtmlElement.ByTestId(list, "token-row");
        Assert.Contains("Återkallad", row);
        Assert.DoesNotContain("<form", row); // nothing left to revoke
    }

    [Fact]
    public async Task An_expired_token_is_answered_401_on_the_apps_clock()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var token = await CreateTokenAsync(officer); // through today + 30 days
        var client = Anonymous();

        _clock.Offset = TimeSpan.FromDays(30);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(token))).StatusCode);
        _clock.Offset = TimeSpan.FromDays(31.5);
        var expired = await client.SendAsync(Bearer(token));

        AssertChallenge(expired);
        Assert.Contains("Token gällde till och med", await expired.Content.ReadAsStringAsync());
        Assert.Contains("Utgången", await officer.GetPageAsync("/konto/token"));
    }

    [Fact]
    public async Task The_first_use_each_day_writes_one_audit_entry_later_uses_that_day_none_and_the_next_day_one_again()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var token = await CreateTokenAsync(officer);
        var client = Anonymous();
        var before = await ScalarAsync("SELECT MAX(Id) FROM AuditEntries");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(token))).StatusCode);
        Assert.Equal(1, await TokenUsesAuditedAsync());
        var afterFirst = await ScalarAsync("SELECT MAX(Id) FROM AuditEntries");
        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM AuditEntries WHERE Id = {afterFirst} AND UserName = 'handlaggare@demo.local' AND Action = 'Ändrad'"));

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.SendAsync(Basic(token))));
        Assert.Equal(afterFirst, await ScalarAsync("SELECT MAX(Id) FROM AuditEntries")); // nothing written: cached pages stay cached
        Assert.Contains(Day(0), HtmlElement.ByTestId(await officer.GetPageAsync("/konto/token"), "token-row"));

        _clock.Offset = TimeSpan.FromDays(1);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.SendAsync(Bearer(token))));
        Assert.Equal(2, await TokenUsesAuditedAsync());
        Assert.Contains(Day(0), HtmlElement.ByTestId(await officer.GetPageAsync("/konto/token"), "token-row"));
    }

    [Fact]
    public async Task A_user_cannot_revoke_another_users_token()
    {
        var officer = await SignInAsync("handlaggare@demo.local");
        var token = await CreateTokenAsync(officer);
        var id = await ScalarAsync("SELECT Id FROM AccessTokens");
        var finance = await SignInAsync("ekonom@demo.local");
        Assert.Contains("Du har inga åtkomsttoken.", HtmlElement.ByTestId(await finance.GetPageAsync("/konto/token"), "tokens-empty"));

        var refused = await finance.PostFormAsync("/konto/token", $"/konto/token/{id}/aterkalla", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("Token finns inte bland dina token.", await finance.GetPageAsync(refused.Headers.Location!.OriginalString));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM AccessTokens WHERE RevokedAtUtc IS NOT NULL"));
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().SendAsync(Bearer(token))).StatusCode);
    }

    [Fact]
    public async Task The_account_menu_links_to_the_token_page_for_every_role()
    {
        foreach (var user in new[] { "admin@demo.local", "utforare@demo.local", "revisor@demo.local" })
        {
            var client = await SignInAsync(user);
            Assert.Contains("href=\"/konto/token\"", HtmlElement.ByTestId(await client.GetPageAsync("/"), "access-tokens-link"));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/konto/token")).StatusCode);
        }
    }

    [GeneratedRegex("gt_[A-Za-z0-9_-]{43}")]
    private static partial Regex Secret();
}

/// <summary>Issue 27, part 2: the per-token rate limit of the feed, with a small configured limit.</summary>
public sealed class FeedRateLimitHttpTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();
    private readonly WebApplicationFactory<Program> _app;

    public FeedRateLimitHttpTests() =>
        _app = _factory.WithProbe(b =>
        {
            b.UseSetting(FeedRateLimit.PermitLimitSetting, "3");
            b.UseSetting(FeedRateLimit.WindowSecondsSetting, "3600");
        });

    public void Dispose()
    {
        _app.Dispose();
        _factory.Dispose();
    }

    private async Task<string> CreateTokenAsync(string email, string name)
    {
        var client = await GrantTrackerFactory.SignInAsync(_app, email);
        var response = await client.PostFormAsync("/konto/token", "/konto/token", new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.LastValidDay"] = SwedishFormat.Date(SwedishFormat.Today(TimeProvider.System).AddDays(10)),
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        return Regex.Match(HtmlElement.ByTestId(html, "new-token"), "gt_[A-Za-z0-9_-]{43}").Value;
    }

    private static HttpRequestMessage Bearer(string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/odata/probe");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    [Fact]
    public async Task Past_the_configured_limit_a_token_gets_429_with_Retry_After_and_another_token_and_bad_requests_are_not_affected()
    {
        var first = await CreateTokenAsync("handlaggare@demo.local", "Power BI");
        var second = await CreateTokenAsync("revisor@demo.local", "Excel");
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        // Requests without a valid token are refused before the limiter: they take nothing from any token's budget.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Bearer(null))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Bearer("gt_" + new string('B', 43)))).StatusCode);
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(first))).StatusCode);
        }

        var limited = await client.SendAsync(Bearer(first));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 3600);
        Assert.Contains("För många anrop med den här token", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(second))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Bearer(null))).StatusCode);
        // Pages are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/konto/logga-in")).StatusCode);
    }
}
