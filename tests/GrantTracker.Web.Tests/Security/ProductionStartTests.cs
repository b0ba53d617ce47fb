using System.Net;
using GrantTracker.Application.Identity;
using GrantTracker.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace GrantTracker.Web.Tests.Security;

/// <summary>
/// The app started as in production (<c>ASPNETCORE_ENVIRONMENT=Production</c>), behind the region's TLS-terminating
/// proxy at 10.1.2.3: HTTPS redirection, HSTS, Secure cookies and https links come from the proxy's forwarded headers,
/// and only from a proxy the settings name.
/// </summary>
public sealed class ProductionStartTests : IDisposable
{
    private const string Proxy = "10.1.2.3";
    private readonly ProductionApp _app = new("Production");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Behind_the_known_proxy_the_sign_in_cookie_is_Secure_and_HSTS_is_sent()
    {
        await _app.CreateUserAsync("ekonom@region.example", "Ett-L4ngt-Losenord!", Roles.Finance);
        var client = _app.Client(from: Proxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var page = await client.GetAsync("/konto/logga-in");
        var token = Infrastructure.HttpClientFormExtensions.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        using var post = new HttpRequestMessage(HttpMethod.Post, "/konto/logga-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Form.Email"] = "ekonom@region.example",
                ["Form.Password"] = "Ett-L4ngt-Losenord!",
                ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var signIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), "No HSTS header behind the proxy.");
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("GrantTracker=", StringComparison.Ordinal));
        Assert.Contains("secure", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plain_HTTP_is_redirected_to_HTTPS()
    {
        var response = await _app.Client(from: Proxy).GetAsync("/konto/logga-in");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https", response.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task A_forwarded_scheme_from_an_unknown_address_is_not_believed()
    {
        var client = _app.Client(from: "10.9.9.9");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.GetAsync("/konto/logga-in");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }

    [Fact]
    public async Task The_security_headers_are_sent_in_production_too()
    {
        var client = _app.Client(from: Proxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.GetAsync("/konto/logga-in");

        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task There_are_no_demo_users_in_production()
    {
        var client = _app.Client(from: Proxy);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        Assert.False(await _app.UserExistsAsync("admin@demo.local"));
        var page = await client.GetAsync("/konto/logga-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task There_are_no_demo_users_in_staging_unless_asked_for()
    {
        using var staging = new ProductionApp("Staging");

        Assert.False(await staging.UserExistsAsync("admin@demo.local"));
    }

    /// <summary>The app in a given environment, its requests arriving from a given address (the proxy's or another).</summary>
    private sealed class ProductionApp(string environment) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "granttracker-web-tests", Guid.NewGuid().ToString("N"));

        public HttpClient Client(string from)
        {
            var client = WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new RemoteAddress(from))))
                .CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("http://granttracker.region.example/") });
            return client;
        }

        public async Task CreateUserAsync(string email, string password, string role)
        {
            using var scope = Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        public async Task<bool> UserExistsAsync(string email)
        {
            using var scope = Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email) is not null;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(_directory);
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:GrantTracker", $"Data Source={Path.Combine(_directory, "granttracker.db")}");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("DataProtection:KeyPath", Path.Combine(_directory, "keys"));
            builder.UseSetting("App:PublicBaseUrl", "https://granttracker.region.example");
            builder.UseSetting("ForwardedHeaders:KnownProxies", Proxy);
            builder.UseSetting("https_port", "443");
            builder.UseSetting("AllowedHosts", "granttracker.region.example");
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

    /// <summary>The in-process server has no network peer: this sets the address a request comes from.</summary>
    private sealed class RemoteAddress(string address) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
