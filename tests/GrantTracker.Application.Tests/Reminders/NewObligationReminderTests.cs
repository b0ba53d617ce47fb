using GrantTracker.Application.Features.Agreements;
using GrantTracker.Application.Features.Reminders;
using GrantTracker.Application.Identity;
using GrantTracker.Application.Tests.Infrastructure;
using GrantTracker.Domain.Agreements;
using MimeKit;
using netDumbster.smtp;

namespace GrantTracker.Application.Tests.Reminders;

/// <summary>
/// A reporting obligation added in the app to an agreement made in the app gets its e-mail reminders as a seeded one does (the same
/// SMTP exchange as <see cref="ReminderMailTests"/>), and a moved date opens its windows again.
/// </summary>
public sealed class NewObligationReminderTests : IAsyncLifetime
{
    private readonly SimpleSmtpServer _smtp = Configuration.Configure().WithRandomPort().Build();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(userName: "handlaggare@demo.local", settings: new Dictionary<string, string?>
        {
            ["Smtp:Enabled"] = "true",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = _smtp.Configuration.Port.ToString(),
            ["Smtp:Sender"] = "granttracker@regionjh.se",
            ["Smtp:Security"] = "None",
        });
        await _db.WithContextAsync(async db =>
        {
            db.Users.Add(new AppUser { UserName = "karin.kvinnohalsa@regionjh.se", Email = "karin.kvinnohalsa@regionjh.se", DisplayName = "Karin Kvinnohälsa" });
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        _smtp.Stop();
        _smtp.Dispose();
        await _db.DisposeAsync();
    }

    private IReadOnlyList<MimeMessage> Received() =>
        _smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();

    [Fact]
    public async Task The_agreements_responsible_gets_a_Swedish_reminder_for_an_obligation_added_in_the_app()
    {
        // The agreement's responsible is a user's name: the reminder goes to that user, as for a seeded obligation without an owner.
        var created = await _db.SendAsync(new CreateAgreementCommand("kh-paminn", new AgreementDetails("Kvinnors hälsa 2024", "Staten och SKR", null, null,
            new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), null, 1_000_000m, "Karin Kvinnohälsa", null, null, null)));
        var version = (await _db.SendAsync(new GetAgreementDefinitionQuery(created.Value)))!.Version;
        var added = await _db.SendAsync(new AddObligationCommand(created.Value, version,
            new ObligationFields(ObligationKind.Handlingsplan, "Handlingsplan för kvinnors hälsa", "SKR", new DateOnly(2024, 5, 31), false, null)));
        Assert.True(added.Succeeded);
        _db.Clock.Set(new DateTimeOffset(2024, 5, 21, 6, 0, 0, TimeSpan.Zero)); // 10 days before

        var run = await _db.SendAsync(new SendRemindersCommand("https://granttracker.regionjh.se"));

        var sent = Assert.Single(run.Sent);
        Assert.Equal((added.Value, "karin.kvinnohalsa@regionjh.se", 14), (sent.ObligationId, sent.Recipient, sent.DaysBefore));
        var mail = Assert.Single(Received());
        Assert.Equal("Påminnelse: Handlingsplan för kvinnors hälsa senast 2024-05-31 (om 10 dagar)", mail.Subject);
        Assert.Contains("Hej Karin Kvinnohälsa!", mail.TextBody);
        Assert.Contains("Överenskommelse: Kvinnors hälsa 2024", mail.TextBody);
        Assert.Contains($"https://granttracker.regionjh.se/deadlines/{added.Value}", mail.TextBody);

        // Moved in the app to a later date: the new date's windows remind again.
        version = (await _db.SendAsync(new GetAgreementDefinitionQuery(created.Value)))!.Version;
        Assert.True((await _db.SendAsync(new UpdateObligationCommand(created.Value, version, added.Value,
            new ObligationFields(ObligationKind.Handlingsplan, "Handlingsplan för kvinnors hälsa", "SKR", new DateOnly(2024, 5, 24), false, null), null))).Succeeded);
        Assert.Equal(3, Assert.Single((await _db.SendAsync(new SendRemindersCommand(null))).Sent).DaysBefore);
    }
}
