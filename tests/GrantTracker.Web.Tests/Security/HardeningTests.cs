using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using GrantTracker.Web.Features.Account;
using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Security;

/// <summary>The findings of the security review (issue 13), each tested where it was found.</summary>
public sealed partial class HardeningTests(GrantTrackerFactory factory) : IClassFixture<GrantTrackerFactory>
{
    [Theory]
    [InlineData("/konto/logga-in")]
    [InlineData("/")]
    [InlineData("/overenskommelser")]
    [InlineData("/avstamning")]
    [InlineData("/css/site.css")]
    [InlineData("/finns-inte")]
    [InlineData("/healthz")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var client = await factory.SignedInAsync("admin@demo.local");

        var response = await client.GetAsync(url);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/overenskommelser/1")]
    [InlineData("/insatser")]
    [InlineData("/avstamning")]
    [InlineData("/avstamning/periodisering")]
    [InlineData("/deadlines")]
    [InlineData("/deadlines/kalender")]
    [InlineData("/kostnader")]
    [InlineData("/kostnader/kolumner")]
    [InlineData("/kostnader/importer")]
    [InlineData("/vardenheter?belopp=24+000+000&nyckel=Halsoval")]
    [InlineData("/rapporter/handlingsplan?avtal=patientmiljarden&format=print")]
    [InlineData("/fordelningar")]
    [InlineData("/anvandare")]
    public async Task No_page_has_inline_script_event_handlers_or_style_attributes_the_policy_would_block(string url)
    {
        var client = await factory.SignedInAsync("admin@demo.local");

        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(EventHandler(), html);
        Assert.DoesNotMatch(StyleAttribute(), html);
        // An inline style block carries the response's nonce.
        var nonce = NonceInPolicy().Match(string.Join(";", response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        foreach (Match style in StyleBlock().Matches(html))
        {
            Assert.Equal(nonce, style.Groups[1].Value);
        }
    }

    [Fact]
    public async Task An_unknown_account_and_a_locked_account_get_the_same_message_and_the_lockout_is_in_the_audit_trail()
    {
        await using var app = new GrantTrackerFactory();
        var client = app.CreateBrowserlessClient();

        var unknown = await SignInAsync(client, "finns.inte@region.example", "Fel-losenord-1");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SignInAsync(client, "ekonom@demo.local", $"fel-lösenord-{attempt}");
        }
        var locked = await SignInAsync(client, "ekonom@demo.local", "Demo123!");
        var auditor = await app.SignedInAsync("revisor@demo.local");
        var trail = await auditor.GetPageAsync("/granskningslogg?objekt=SignIn");

        Assert.Equal(ErrorText(await unknown.Content.ReadAsStringAsync()), ErrorText(await locked.Content.ReadAsStringAsync()));
        Assert.Contains(AccountController.SignInRefused, System.Net.WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync()));
        Assert.Contains("Kontot låst", trail);
        Assert.Contains("Misslyckad inloggning", trail);
        Assert.Contains("finns.inte@region.example", trail);
    }

    [Fact]
    public async Task Sign_ins_failures_and_sign_outs_are_in_the_audit_trail_for_the_administrator_and_the_auditor()
    {
        await using var app = new GrantTrackerFactory();
        var officer = await app.SignedInAsync("handlaggare@demo.local");
        await SignInAsync(app.CreateBrowserlessClient(), "handlaggare@demo.local", "inte-lösenordet");
        await officer.PostFormAsync("/", "/konto/logga-ut", new Dictionary<string, string>());

        foreach (var reader in new[] { "admin@demo.local", "revisor@demo.local" })
        {
            var client = await app.SignedInAsync(reader);
            var trail = await client.GetPageAsync("/granskningslogg?objekt=SignIn&anvandare=handlaggare");

            Assert.Contains("Inloggad", trail);
            Assert.Contains("Misslyckad inloggning", trail);
            Assert.Contains("Utloggad", trail);
            Assert.Contains("Hanna Handläggare (handlaggare@demo.local)</td>", trail);
            Assert.Contains("Lösenord", trail);
            Assert.Contains("<option value=\"SignIn\"", trail);
        }
        var notAllowed = await app.SignedInAsync("ekonom@demo.local");
        Assert.StartsWith("/konto/nekad", (await notAllowed.GetAsync("/granskningslogg?objekt=SignIn")).Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_unknown_sign_in_scheme_is_a_bad_request_with_the_Swedish_page()
    {
        var client = factory.CreateBrowserlessClient();

        var response = await client.PostFormAsync("/konto/logga-in", "/konto/extern", new Dictionary<string, string> { ["scheme"] = "finns-inte" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Uppgifterna kunde inte läsas", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("gnv2023\r\nX-Injected: 1")]
    [InlineData("överenskommelse")]
    public async Task Moving_a_row_with_a_strange_agreement_and_a_foreign_return_address_is_a_bad_request(string agreement)
    {
        var client = await factory.SignedInAsync("ekonom@demo.local");

        foreach (var action in new[] { "/avstamning/flytta", "/avstamning/flytta/angra" })
        {
            var response = await client.PostFormAsync("/avstamning", action, new Dictionary<string, string>
            {
                ["avtal"] = agreement,
                ["manad"] = "2023-03",
                ["entryId"] = "1",
                ["lineId"] = "1",
                ["returnUrl"] = "https://evil.example/",
            });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Uppgifterna kunde inte läsas", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_return_address_with_a_line_break_after_sign_in_goes_to_the_start_page()
    {
        var client = factory.CreateBrowserlessClient();

        var response = await client.PostFormAsync("/konto/logga-in", "/konto/logga-in", new Dictionary<string, string>
        {
            ["Form.Email"] = "revisor@demo.local",
            ["Form.Password"] = "Demo123!",
            ["Form.ReturnUrl"] = "/overenskommelser\r\nSet-Cookie: x=1",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_calendar_feed_builds_its_links_from_the_configured_address_not_the_Host_header()
    {
        await using var app = factory.WithWebHostBuilder(b => b.UseSetting("App:PublicBaseUrl", "https://granttracker.region.example/"));
        var officer = await GrantTrackerFactory.SignInAsync(app, "handlaggare@demo.local");
        var created = await officer.PostFormAsync("/deadlines/kalender", "/deadlines/kalender/ny", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var shown = CalendarUrl().Match(await officer.GetPageAsync("/deadlines/kalender"));
        Assert.True(shown.Success, "The calendar page shows the new link under the configured address.");

        var outlook = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(shown.Value).PathAndQuery);
        request.Headers.Host = "evil.example";
        var feed = await (await outlook.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("evil.example", feed);
        Assert.Contains("URL:https://granttracker.region.example/deadlines/", feed);
    }

    [Fact]
    public async Task Data_protection_keys_are_encrypted_with_the_configured_certificate()
    {
        var directory = Path.Combine(Path.GetTempPath(), "granttracker-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, "dataprotection.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=GrantTracker data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pfx, "nyckel-lösen"));
        }
        var keys = Path.Combine(directory, "keys");
        await using var baseApp = new GrantTrackerFactory();
        await using var app = baseApp.WithWebHostBuilder(b => b
            .UseSetting("DataProtection:KeyPath", keys)
            .UseSetting("DataProtection:CertificatePath", certificatePath)
            .UseSetting("DataProtection:CertificatePassword", "nyckel-lösen"));

        var client = await GrantTrackerFactory.SignInAsync(app, "revisor@demo.local");
        var page = await client.GetAsync("/granskningslogg"); // the cookie made with the key reads back

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var key = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(keys, "key-*.xml")));
        Assert.Contains("<encryptedSecret", key);
        Assert.DoesNotContain("<masterKey", key);
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Without_a_certificate_the_keys_are_stored_as_before()
    {
        // Shows that the assertion above is the certificate's doing: the default keys are plain XML.
        var client = await factory.SignedInAsync("revisor@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/granskningslogg")).StatusCode);
        var keys = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "keys");

        Assert.Contains("<masterKey", await File.ReadAllTextAsync(Directory.GetFiles(keys, "key-*.xml")[0]));
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        client.PostFormAsync("/konto/logga-in", "/konto/logga-in", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });

    private static string ErrorText(string html) => FormErrors().Match(System.Net.WebUtility.HtmlDecode(html)).Value;

    [GeneratedRegex("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[^>]+\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex("<[^>]+\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex("<style nonce=\"([^\"]*)\"")]
    private static partial Regex StyleBlock();

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("data-testid=\"form-errors\"[\\s\\S]*?</ul>")]
    private static partial Regex FormErrors();

    [GeneratedRegex("https://granttracker\\.region\\.example/deadlines/kalender/[A-Za-z0-9_-]+\\.ics")]
    private static partial Regex CalendarUrl();
}
