using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using GrantTracker.Web.Tests.Infrastructure;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// Issue 23, point 9: outside Development a plain-HTTP request never answers 500 (the Secure-only antiforgery cookie made
/// it), but is redirected to <c>App:PublicBaseUrl</c> or refused in Swedish; and the hosts a request may name come from
/// <c>App:PublicBaseUrl</c> unless <c>AllowedHosts</c> is set. No <c>https_port</c> and no <c>AllowedHosts</c> here: the
/// defaults a deployment gets from the README.
/// </summary>
public sealed class PublicAddressTests : IDisposable
{
    private const string Public = "https://granttracker.region.example";
    private readonly App _app = new("Production", Public);

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("GET", "/konto/logga-in?ReturnUrl=%2Favstamning")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/vardenheter?belopp=24+000+000")]
    [InlineData("POST", "/konto/logga-in")]
    [InlineData("POST", "/konto/logga-ut")]
    public async Task Plain_HTTP_is_redirected_to_the_public_address_never_answered_500(string method, string url)
    {
        var client = _app.Client("http://granttracker.region.example/");

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Email"] = "a@b.se" });
        }
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(Public + url, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_redirect_goes_to_the_configured_host_whatever_Host_the_request_names()
    {
        var client = _app.Client("http://granttracker.region.example/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/deadlines");
        request.Headers.Host = "GRANTTRACKER.region.example:8080";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(Public + "/deadlines", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Over_HTTPS_at_the_public_host_the_sign_in_page_is_served()
    {
        var response = await _app.Client(Public + "/").GetAsync("/konto/logga-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Logga in", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("https://granttracker.region.example.evil.example/")]
    [InlineData("http://10.1.2.3/")]
    public async Task A_request_naming_another_host_is_refused_with_a_Swedish_page(string baseAddress)
    {
        var response = await _app.Client(baseAddress).GetAsync("/konto/logga-in");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<html lang=\"sv\">", page);
        Assert.Contains("GrantTracker tar inte emot frågor till den här adressen. Öppna https://granttracker.region.example i stället.", page);
        Assert.DoesNotContain("Bad Request", page);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task The_monitoring_probes_still_answer_over_plain_HTTP_at_the_servers_own_address(string probe)
    {
        var response = await _app.Client("http://10.1.2.3:8080/").GetAsync(probe);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_explicit_AllowedHosts_wins_over_the_public_address()
    {
        using var app = new App("Production", Public, allowedHosts: "intern.region.example;*.region.example");

        Assert.Equal(HttpStatusCode.OK, (await app.Client("https://intern.region.example/").GetAsync("/konto/logga-in")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client("https://granttracker.region.example/").GetAsync("/konto/logga-in")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client("https://evil.example/").GetAsync("/konto/logga-in")).StatusCode);

        using var any = new App("Production", Public, allowedHosts: "*");
        Assert.Equal(HttpStatusCode.OK, (await any.Client("https://evil.example/").GetAsync("/konto/logga-in")).StatusCode);
    }

    [Fact]
    public async Task With_an_http_public_address_outside_Development_plain_HTTP_is_refused_in_Swedish_not_500()
    {
        using var app = new App("Staging", "http://granttracker.region.example");

        var response = await app.Client("http://granttracker.region.example/").GetAsync("/konto/logga-in");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("GrantTracker nås bara över en krypterad anslutning. Öppna adressen med https:// i stället för http://.", page);
    }

    [Fact]
    public async Task In_Development_any_host_and_plain_HTTP_are_served_as_before()
    {
        using var factory = new GrantTrackerFactory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://annan-dator:5080/") });

        var response = await client.GetAsync("/konto/logga-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The app in an environment with a public address and, when given, AllowedHosts; nothing else of production's settings.</summary>
    private sealed class App(string environment, string publicBaseUrl, string? allowedHosts = null) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "granttracker-web-tests", Guid.NewGuid().ToString("N"));

        public HttpClient Client(string baseAddress) =>
            CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(baseAddress) });

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(_directory);
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:GrantTracker", $"Data Source={Path.Combine(_directory, "granttracker.db")}");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("DataProtection:KeyPath", Path.Combine(_directory, "keys"));
            builder.UseSetting("App:PublicBaseUrl", publicBaseUrl);
            if (allowedHosts is not null)
            {
                builder.UseSetting("AllowedHosts", allowedHosts);
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
