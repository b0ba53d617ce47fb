using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace GrantTracker.Web.Tests.Infrastructure;

/// <summary>
/// The real app over real HTTP (in-process), on its own SQLite file with the seed agreements and the
/// demo users. One factory per test class.
/// </summary>
public sealed class GrantTrackerFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// Every app the tests start watches its settings files. With inotify, each watcher is an inotify instance, and the
    /// machine's limit per user (128) is shared with every other test run on it: past it, a page fails with 500. Polling
    /// watchers use none.
    /// </summary>
    static GrantTrackerFactory() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    /// <summary>Demo mode's year of booked costs; off by default so import tests start from an empty ledger.</summary>
    public bool DemoLedger { get; init; }

    /// <summary>Demo mode's lived year (<c>Demo:Year</c>: activities decided, months closed, the 24 mkr distributed); off by default so tests start from the seed's drafts.</summary>
    public bool DemoYear { get; init; }

    private string _directory = Path.Combine(Path.GetTempPath(), "granttracker-web-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The folder of the database and the keys; set it to another factory's (with <see cref="KeepFiles"/> there) to start the app
    /// again on the same files, as after a restart (issue 26's restore tests).
    /// </summary>
    public string DataDirectory { get => _directory; init => _directory = value; }

    /// <summary>Leave the folder when disposed, for another factory to start on.</summary>
    public bool KeepFiles { get; init; }

    public string DatabasePath => Path.Combine(_directory, "granttracker.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:GrantTracker", $"Data Source={DatabasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Ledger", DemoLedger || DemoYear ? "true" : "false");
        builder.UseSetting("Demo:Year", DemoYear ? "true" : "false");
        builder.UseSetting("DataProtection:KeyPath", Path.Combine(_directory, "keys"));
    }

    private ProviderActivities? _providerActivities;

    /// <summary>
    /// The first two activities of the first agreement, given two performers: the demo Utförare's own (Ulf Utförare) and
    /// another provider's (Annan Vårdgivare AB). Done once per factory.
    /// </summary>
    public async Task<ProviderActivities> ProviderActivitiesAsync()
    {
        if (_providerActivities is { } done)
        {
            return done;
        }
        _ = Services; // the app has started: migrated and seeded
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, AgreementId, Measure FROM Activities WHERE AgreementId = (SELECT MIN(AgreementId) FROM Activities) ORDER BY Id LIMIT 2";
        int own, other, agreement;
        string ownMeasure, otherMeasure;
        using (var reader = await command.ExecuteReaderAsync())
        {
            reader.Read(); own = reader.GetInt32(0); agreement = reader.GetInt32(1); ownMeasure = reader.GetString(2);
            reader.Read(); other = reader.GetInt32(0); otherMeasure = reader.GetString(2);
        }
        command.CommandText =
            $"UPDATE Activities SET PerformerName = '{OwnPerformer}', PerformerKind = 2 WHERE Id = {own}; " +
            $"UPDATE Activities SET PerformerName = '{OtherPerformer}', PerformerKind = 2 WHERE Id = {other};";
        await command.ExecuteNonQueryAsync();
        command.CommandText = $"SELECT MIN(Id) FROM ReportingObligations WHERE AgreementId = {agreement}";
        var obligation = Convert.ToInt32(await command.ExecuteScalarAsync());
        return _providerActivities = new ProviderActivities(agreement, own, ownMeasure, other, otherMeasure, obligation);
    }

    public const string OwnPerformer = "Ulf Utförare";
    public const string OtherPerformer = "Annan Vårdgivare AB";

    /// <summary>A client that keeps cookies and does not follow redirects, so tests can see them.</summary>
    public HttpClient CreateBrowserlessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in as one of the demo users.</summary>
    public Task<HttpClient> SignedInAsync(string email, string password = "Demo123!") => SignInAsync(this, email, password);

    /// <summary>The same for a factory derived with <c>WithWebHostBuilder</c> (other settings, same database).</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, string email, string password = "Demo123!")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostFormAsync("/konto/logga-in", "/konto/logga-in", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (KeepFiles)
        {
            return;
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing request; the temp folder is cleaned by the OS.
        }
    }
}

/// <param name="Agreement">The agreement both activities belong to.</param>
/// <param name="Obligation">A reporting obligation of that agreement.</param>
public sealed record ProviderActivities(int Agreement, int Own, string OwnMeasure, int Other, string OtherMeasure, int Obligation);

public static partial class HttpClientFormExtensions
{
    /// <summary>GETs the form page, reads its antiforgery token, and POSTs the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string action, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(formPage);
        var token = AntiforgeryToken(page);
        var content = new FormUrlEncodedContent(fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)));
        return await client.PostAsync(action, content);
    }

    /// <summary>
    /// The page's HTML with entities decoded: Razor writes the non-breaking space in amounts as
    /// <c>&amp;#xA0;</c>, and a test should compare what the user reads ("75 422 690 kr" with U+00A0).
    /// </summary>
    public static async Task<string> GetPageAsync(this HttpClient client, string url) =>
        WebUtility.HtmlDecode(await client.GetStringAsync(url));

    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
