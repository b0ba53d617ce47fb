using GrantTracker.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using MimeKit;
using netDumbster.smtp;

namespace GrantTracker.Web.Tests.Features;

/// <summary>
/// The web app's reminder service: with <c>Smtp:Enabled</c> on, the app sends the due reminders when it starts, through a
/// real SMTP exchange with a server in the test process, with a link built from <c>App:PublicBaseUrl</c>. (Off, nothing is
/// sent: ReminderMailTests.)
/// </summary>
public sealed class ReminderServiceTests : IDisposable
{
    private readonly GrantTrackerFactory _factory = new();
    private readonly SimpleSmtpServer _smtp = Configuration.Configure().WithRandomPort().Build();

    public void Dispose()
    {
        _smtp.Dispose();
        _factory.Dispose();
    }

    /// <summary>God och nära vård 2023's final report, due in 10 days, owned by the demo officer by name.</summary>
    private async Task<int> FinalReportDueSoonAsync()
    {
        _ = _factory.Services; // migrated, seeded, demo users
        await using var connection = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"UPDATE ReportingObligations SET DueDate = '{GrantTracker.Domain.Common.SwedishFormat.Today(TimeProvider.System).AddDays(10):yyyy-MM-dd}', Owner = 'Hanna Handläggare' " +
            "WHERE Title = 'Slutredovisning av God och nära vård 2023'; SELECT Id FROM ReportingObligations WHERE Title = 'Slutredovisning av God och nära vård 2023';";
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task With_SMTP_on_the_app_mails_the_owner_of_a_report_due_within_14_days_when_it_starts()
    {
        var id = await FinalReportDueSoonAsync();

        await using var mailing = _factory.WithWebHostBuilder(b => b
            .UseSetting("Smtp:Enabled", "true")
            .UseSetting("Smtp:Host", "127.0.0.1")
            .UseSetting("Smtp:Port", _smtp.Configuration.Port.ToString())
            .UseSetting("Smtp:Security", "None")
            .UseSetting("Smtp:Sender", "granttracker@regionjh.se")
            .UseSetting("App:PublicBaseUrl", "https://granttracker.regionjh.se"));
        _ = mailing.Services;

        // The service runs in the background: wait for the server to have the mail (generously, the machines are shared).
        for (var i = 0; i < 300 && _smtp.ReceivedEmailCount == 0; i++)
        {
            await Task.Delay(100);
        }
        var mail = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Assert.Single(_smtp.ReceivedEmail).Data)));
        Assert.Equal("handlaggare@demo.local", Assert.Single(mail.To.Mailboxes).Address);
        Assert.StartsWith("Påminnelse: Slutredovisning av God och nära vård 2023 senast ", mail.Subject);
        Assert.EndsWith("(om 10 dagar)", mail.Subject);
        Assert.Contains("Hej Hanna Handläggare!", mail.TextBody);
        Assert.Contains($"https://granttracker.regionjh.se/deadlines/{id}", mail.TextBody);
    }
}
