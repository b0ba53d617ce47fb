using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GrantTracker.Application.Data.Backup;
using GrantTracker.Application.Features.Ledger;
using GrantTracker.Domain.Common;
using GrantTracker.Web.Infrastructure;
using GrantTracker.Web.Tests.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// Issue 26, part 4 over HTTP: a backup taken while the web app imports restores into an app whose every page shows the figures of
/// the backup's moment; the last backup's time on /readyz and on the Administratör's page; the nightly service at work.
/// </summary>
public sealed partial class BackupHttpTests : IDisposable
{
    private const string Header = "Verifikation;Datum;Konto;Ansvar;Objekt;Belopp;Text";
    private readonly string _backups = Path.Combine(Path.GetTempPath(), "granttracker-web-backups", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_backups))
        {
            Directory.Delete(_backups, recursive: true);
        }
    }

    /// <summary>The pages each role reads figures from; every one must answer, with the same figures, after a restore.</summary>
    private static readonly (string User, string Url)[] Pages =
    [
        ("ekonom@demo.local", "/"),
        ("ekonom@demo.local", "/overenskommelser"),
        ("ekonom@demo.local", "/kostnader"),
        ("ekonom@demo.local", "/avstamning?avtal=gnv2023&manad=2023-12"),
        ("ekonom@demo.local", "/avstamning?avtal=gnv2023&manad=2023-03"),
        ("ekonom@demo.local", "/rapporter"),
        ("ekonom@demo.local", "/deadlines"),
        ("handlaggare@demo.local", "/"),
        ("handlaggare@demo.local", "/insatser"),
        ("beslutsfattare@demo.local", "/"),
        ("revisor@demo.local", "/overenskommelser"),
        ("revisor@demo.local", "/avstamning?avtal=gnv2023&manad=2023-12"),
        ("admin@demo.local", "/anvandare"),
    ];

    [GeneratedRegex(@"−?\d{1,3}(?:\u00A0\d{3})*(?:,\d{2})?\u00A0kr")]
    private static partial Regex Amount();

    /// <summary>Each page's status and the amounts it shows, in order.</summary>
    private static async Task<List<string>> FiguresAsync(WebApplicationFactory<Program> app)
    {
        var clients = new Dictionary<string, HttpClient>();
        var figures = new List<string>();
        foreach (var (user, url) in Pages)
        {
            if (!clients.TryGetValue(user, out var client))
            {
                clients[user] = client = await GrantTrackerFactory.SignInAsync(app, user);
            }
            var response = await client.GetAsync(url);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            figures.Add($"{user} {url} {(int)response.StatusCode}: {string.Join(" | ", Amount().Matches(page).Select(m => m.Value))}");
        }
        return figures;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] bytes)
    {
        var page = await client.GetStringAsync("/kostnader/importera");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(HttpClientFormExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        var response = await client.PostAsync("/kostnader/importera", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static async Task<bool> DoneAsync(HttpClient client, HttpResponseMessage upload)
    {
        using var status = JsonDocument.Parse(await client.GetStringAsync(upload.Headers.Location!.OriginalString + "/status"));
        return status.RootElement.GetProperty("done").GetBoolean();
    }

    private static async Task WaitAsync(HttpClient client, HttpResponseMessage upload)
    {
        for (var attempt = 0; attempt < 1200 && !await DoneAsync(client, upload); attempt++)
        {
            await Task.Delay(50);
        }
        Assert.True(await DoneAsync(client, upload), "The import job did not finish within a minute.");
    }

    private static byte[] Csv(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", new[] { Header }.Concat(lines)) + "\r\n");

    private static readonly string[] January = ["A 1;2023-01-15;5010;410;9916;12 000,00;Lön projektledare", "A 2;2023-01-20;6110;410;9917;3 500,00;Material"];

    [Fact]
    public async Task A_backup_taken_during_a_web_import_restores_into_an_app_whose_pages_show_the_figures_of_its_moment()
    {
        string directory;
        List<string> before, after;
        var backups = new List<(string File, bool Started)>();
        await using (var app = new GrantTrackerFactory { KeepFiles = true })
        {
            directory = app.DataDirectory;
            var ekonom = await app.SignedInAsync("ekonom@demo.local");
            await WaitAsync(ekonom, await UploadAsync(ekonom, "januari.csv", Csv(January)));
            before = await FiguresAsync(app);

            // The year to date: January again and 80 000 rows in February to December.
            var rest = January.Concat(Enumerable.Range(0, 80_000).Select(i =>
                $"B {i};2023-{2 + i % 11:00}-{1 + i % 28:00};5010;410;{(i % 2 == 0 ? "9916" : "9917")};{1 + i % 97},00;Rad {i}"));
            var upload = await UploadAsync(ekonom, "helar.csv", Csv(rest));
            do
            {
                var started = !await DoneAsync(ekonom, upload);
                var file = Path.Combine(_backups, $"under-import-{backups.Count}.db");
                await SqliteBackup.BackupAsync($"Data Source={app.DatabasePath}", file);
                backups.Add((file, started));
            }
            while (!await DoneAsync(ekonom, upload) && backups.Count < 200);
            await WaitAsync(ekonom, upload);
            after = await FiguresAsync(app);
        }
        Assert.NotEqual(before, after);
        Assert.Contains(before, f => f.StartsWith("ekonom@demo.local /avstamning?avtal=gnv2023&manad=2023-12 200: ") && f.Contains("12\u00A0000\u00A0kr"));
        Assert.Contains(backups, b => b.Started);

        // The web app is stopped; the backup last begun during the import is restored and the app started again on it.
        var (chosen, _) = backups.Last(b => b.Started);
        var database = Path.Combine(directory, "granttracker.db");
        var restored = await SqliteBackup.RestoreAsync(chosen, $"Data Source={database}", TimeProvider.System);
        Assert.True(restored.Succeeded, string.Join(" ", restored.Errors.Select(e => e.Message)));
        await using var again = new GrantTrackerFactory { DataDirectory = directory };

        var figures = await FiguresAsync(again);

        Assert.All(figures, f => Assert.Contains(" 200: ", f));
        Assert.True(figures.SequenceEqual(before) || figures.SequenceEqual(after),
            "The pages show neither the figures before the import nor after it:\n" + string.Join("\n", figures));
        await using var scope = again.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new VerifyLedgerTotalsQuery()));
    }

    /// <summary>A clock the test sets, for the nightly backups' rules inside the running app.</summary>
    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The app with nightly backups on and the service that waits for the night taken out: the test runs the night itself.</summary>
    private WebApplicationFactory<Program> WithBackups(GrantTrackerFactory factory, SetClock clock, bool enabled = true) =>
        factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Backup:Enabled", enabled ? "true" : "false");
            b.UseSetting("Backup:Directory", _backups);
            b.UseSetting("Backup:Keep", "5");
            b.ConfigureTestServices(services =>
            {
                services.RemoveAll<IHostedService>();
                services.RemoveAll<NightlyBackups>();
                services.AddSingleton(sp => new NightlyBackups(sp.GetRequiredService<BackupSettings>(),
                    sp.GetRequiredService<GrantTracker.Application.Data.DatabaseSettings>(), clock));
            });
        });

    private static DateTimeOffset Winter(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Readiness_shows_the_last_backups_time_and_says_Degraded_when_the_nights_backup_is_late()
    {
        await using var factory = new GrantTrackerFactory();
        var clock = new SetClock(Winter(3, 2, 0));
        var app = WithBackups(factory, clock);
        var client = app.CreateClient();

        var none = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Equal("Degraded\nSenaste säkerhetskopia: ingen ännu", await none.Content.ReadAsStringAsync());

        clock.Now = Winter(3, 2, 5);
        await app.Services.GetRequiredService<NightlyBackups>().RunAsync();
        var taken = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("Healthy\nSenaste säkerhetskopia: 2026-12-03 02:05", await taken.Content.ReadAsStringAsync());

        // The next night passes without a backup.
        clock.Now = Winter(4, 3, 30);
        Assert.Equal("Degraded\nSenaste säkerhetskopia: 2026-12-03 02:05", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task The_Administrator_sees_the_last_backup_and_the_next_night_and_the_auditor_does_not()
    {
        await using var factory = new GrantTrackerFactory();
        var clock = new SetClock(Winter(3, 2, 5));
        var app = WithBackups(factory, clock);
        await app.Services.GetRequiredService<NightlyBackups>().RunAsync();

        var admin = await GrantTrackerFactory.SignInAsync(app, "admin@demo.local");
        var page = await admin.GetPageAsync("/anvandare");
        var auditor = await GrantTrackerFactory.SignInAsync(app, "revisor@demo.local");
        var audited = await auditor.GetPageAsync("/anvandare");

        var section = HtmlElement.ByTestId(page, "backup-status");
        Assert.Contains("Säkerhetskopiering", section);
        Assert.Contains("2026-12-03 02:05 (granttracker-2026-12-03.db)", HtmlElement.ByTestId(page, "backup-last"));
        Assert.Contains("På, varje natt kl. 02:00. Nästa: 2026-12-04 02:00. De 5 senaste sparas (1 finns nu).", HtmlElement.ByTestId(page, "backup-nightly"));
        Assert.DoesNotContain("backup-overdue", page);
        Assert.DoesNotContain("backup-status", audited);
        Assert.Contains("Användare", audited);
    }

    [Fact]
    public async Task With_nightly_backups_off_the_Administrator_is_told_how_to_turn_them_on_and_readiness_says_one_word()
    {
        await using var factory = new GrantTrackerFactory();
        var app = WithBackups(factory, new SetClock(Winter(3, 12)), enabled: false);

        var admin = await GrantTrackerFactory.SignInAsync(app, "admin@demo.local");
        var page = await admin.GetPageAsync("/anvandare");

        Assert.Contains("Ingen ännu", HtmlElement.ByTestId(page, "backup-last"));
        Assert.Contains("Av. Slå på den med inställningen Backup:Enabled, eller ta säkerhetskopior med granttracker backup.", HtmlElement.ByTestId(page, "backup-nightly"));
        Assert.Equal("Healthy", await app.CreateClient().GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task The_nightly_service_takes_a_backup_at_a_start_after_a_missed_night()
    {
        await using var factory = new GrantTrackerFactory();
        var app = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Backup:Enabled", "true");
            b.UseSetting("Backup:Directory", _backups);
        });
        var backups = app.Services.GetRequiredService<NightlyBackups>();

        // No backup yet, so one is due at start; the service runs on its own beside the first requests.
        for (var attempt = 0; attempt < 600 && backups.Last() is null; attempt++)
        {
            await Task.Delay(50);
        }

        var last = Assert.IsType<LastBackup>(backups.Last());
        Assert.Matches(@"^granttracker-\d{4}-\d{2}-\d{2}\.db$", last.File);
        Assert.Equal([last.File], backups.Files());
        Assert.StartsWith("Healthy\nSenaste säkerhetskopia: ", await app.CreateClient().GetStringAsync("/readyz"));
    }
}
