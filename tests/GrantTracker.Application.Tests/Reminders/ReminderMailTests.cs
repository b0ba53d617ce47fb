using GrantTracker.Application.Features.Reminders;
using GrantTracker.Application.Identity;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using MimeKit;
using Microsoft.EntityFrameworkCore;
using netDumbster.smtp;

namespace GrantTracker.Application.Tests.Reminders;

/// <summary>
/// Reminders sent through a real SMTP exchange (MailKit talking to an SMTP server in the test process), read back as
/// the server received them: recipient, subject and Swedish body, and no second mail for the same window.
/// </summary>
public sealed class ReminderMailTests : IAsyncLifetime
{
    private readonly SimpleSmtpServer _smtp = Configuration.Configure().WithRandomPort().Build();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Smtp:Enabled"] = "true",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = _smtp.Configuration.Port.ToString(),
            ["Smtp:Sender"] = "granttracker@regionjh.se",
            ["Smtp:Security"] = "None",
        });
        await _db.WithContextAsync(async db =>
        {
            db.Users.Add(new AppUser { UserName = "eva.ekonom@regionjh.se", Email = "eva.ekonom@regionjh.se", DisplayName = "Eva Ekonom" });
            var annual = await db.ReportingObligations.SingleAsync(o => o.Title == "Årsbokslut 2023");
            Assert.True(annual.SetOwner("Eva Ekonom").Succeeded);
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        _smtp.Stop();
        _smtp.Dispose();
        await _db.DisposeAsync();
    }

    private Task<ReminderRun> SendAsync() => _db.SendAsync(new SendRemindersCommand("https://granttracker.regionjh.se"));

    private IReadOnlyList<MimeMessage> Received() =>
        _smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();

    [Fact]
    public async Task The_owner_gets_a_Swedish_reminder_14_days_before_and_again_3_days_before_never_twice_in_a_window()
    {
        _db.Clock.Set(new DateTimeOffset(2024, 2, 5, 6, 0, 0, TimeSpan.Zero)); // Årsbokslut 2023 is due 2024-02-15: 10 days

        var first = await SendAsync();

        var mail = Assert.Single(Received());
        Assert.Equal("eva.ekonom@regionjh.se", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("granttracker@regionjh.se", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal("Påminnelse: Årsbokslut 2023 senast 2024-02-15 (om 10 dagar)", mail.Subject);
        Assert.Contains("Hej Eva Ekonom!", mail.TextBody);
        Assert.Contains("Årsbokslut 2023 ska vara inskickad till", mail.TextBody);
        Assert.Contains("senast 2024-02-15, om 10 dagar.", mail.TextBody);
        Assert.Contains("Överenskommelse: God och nära vård 2023", mail.TextBody);
        Assert.Contains("Status: Ej påbörjad", mail.TextBody);
        Assert.Contains("https://granttracker.regionjh.se/deadlines/", mail.TextBody);
        Assert.Equal(14, Assert.Single(first.Sent).DaysBefore);

        // The next run, the same day or the day after: the 14-day reminder is not sent again.
        Assert.Empty((await SendAsync()).Sent);
        _db.Clock.Set(new DateTimeOffset(2024, 2, 6, 6, 0, 0, TimeSpan.Zero));
        Assert.Empty((await SendAsync()).Sent);
        Assert.Single(Received());

        // Three days before: the last reminder, once.
        _db.Clock.Set(new DateTimeOffset(2024, 2, 12, 6, 0, 0, TimeSpan.Zero));
        var last = await SendAsync();
        Assert.Equal(3, Assert.Single(last.Sent).DaysBefore);
        Assert.Empty((await SendAsync()).Sent);
        var mails = Received();
        Assert.Equal(2, mails.Count);
        Assert.Equal(["Påminnelse: Årsbokslut 2023 senast 2024-02-15 (om 10 dagar)", "Påminnelse: Årsbokslut 2023 senast 2024-02-15 (om 3 dagar)"],
            mails.Select(m => m.Subject).Order(StringComparer.Ordinal));

        var recorded = await _db.WithContextAsync(db => db.SentReminders.OrderBy(r => r.Id).Select(r => new { r.DaysBefore, r.Recipient }).ToListAsync());
        Assert.Equal([14, 3], recorded.Select(r => r.DaysBefore));
        Assert.Equal(2, await _db.WithContextAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(SentReminder))));
    }

    [Fact]
    public async Task An_owner_without_an_address_is_reported_and_an_owner_written_as_an_address_gets_the_mail()
    {
        _db.Clock.Set(new DateTimeOffset(2024, 3, 20, 6, 0, 0, TimeSpan.Zero)); // the final report is due 2024-03-31: 11 days

        var run = await SendAsync();

        Assert.Empty(run.Sent);
        Assert.Contains(run.NoAddress, n => n.StartsWith("Slutredovisning av God och nära vård 2023 (2024-03-31): ansvarig ”Chef på Hälso- och sjukvårdspolitiska avdelningen (HOSPA)”"));
        Assert.Empty(_smtp.ReceivedEmail);

        await _db.WithContextAsync(async db =>
        {
            var final = await db.ReportingObligations.SingleAsync(o => o.Title == "Slutredovisning av God och nära vård 2023");
            Assert.True(final.SetOwner("anna.andersson@regionjh.se").Succeeded);
            await db.SaveChangesAsync();
        });
        var again = await SendAsync();

        Assert.Equal("anna.andersson@regionjh.se", Assert.Single(again.Sent).Recipient);
        Assert.Equal("Påminnelse: Slutredovisning av God och nära vård 2023 senast 2024-03-31 (om 11 dagar)", Assert.Single(Received()).Subject);
    }

    [Fact]
    public async Task A_report_already_sent_gets_no_reminder()
    {
        await _db.WithContextAsync(async db =>
        {
            var annual = await db.ReportingObligations.SingleAsync(o => o.Title == "Årsbokslut 2023");
            Assert.True(annual.MarkSent(new DateOnly(2024, 2, 1), "eva", null, new DateOnly(2024, 2, 1)).Succeeded);
            await db.SaveChangesAsync();
        });
        _db.Clock.Set(new DateTimeOffset(2024, 2, 5, 6, 0, 0, TimeSpan.Zero));

        Assert.Empty((await SendAsync()).Sent);
        Assert.Empty(_smtp.ReceivedEmail);
    }

    [Fact]
    public async Task With_the_SMTP_setting_off_nothing_is_sent()
    {
        await using var off = await TestDatabase.CreateAsync();
        off.Clock.Set(new DateTimeOffset(2024, 2, 5, 6, 0, 0, TimeSpan.Zero));

        var run = await off.SendAsync(new SendRemindersCommand(null));

        Assert.False(run.Enabled);
        Assert.Empty(_smtp.ReceivedEmail);
    }
}
