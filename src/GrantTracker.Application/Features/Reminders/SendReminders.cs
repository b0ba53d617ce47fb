using GrantTracker.Application.Data;
using GrantTracker.Application.Features.Deadlines;
using GrantTracker.Domain.Agreements;
using GrantTracker.Domain.Common;
using Mediator;
using MimeKit;
using Microsoft.EntityFrameworkCore;

namespace GrantTracker.Application.Features.Reminders;

/// <summary>
/// E-mails each reporting obligation's owner a Swedish reminder the configured days before its deadline
/// (<c>Calendar:ReminderDays</c>, 14 and 3 by default: the calendar feed's alarms). An obligation not yet sent is in a
/// reminder window from that many days before the deadline until the next, smaller window; a run sends the reminder of
/// the current window once, and records it (<see cref="SentReminder"/>, unique per obligation, due date and window), so
/// a run every hour, or a run missed for a day or two, sends each reminder once. Off unless <c>Smtp:Enabled</c>.
/// </summary>
/// <param name="BaseUrl">The app's public address for the link in the mail (<c>App:PublicBaseUrl</c>), or null for no link.</param>
public sealed record SendRemindersCommand(string? BaseUrl) : ICommand<ReminderRun>;

/// <param name="Enabled">False when <c>Smtp:Enabled</c> is off: nothing was looked at.</param>
/// <param name="Sent">The reminders sent by this run.</param>
/// <param name="NoAddress">Obligations in a window whose owner has no e-mail address: the owner is neither an address nor a user's name.</param>
public sealed record ReminderRun(bool Enabled, IReadOnlyList<SentReminderView> Sent, IReadOnlyList<string> NoAddress);

public sealed record SentReminderView(int ObligationId, string Title, string Recipient, int DaysBefore);

public sealed class SendRemindersHandler(AppDbContext db, MailSettings mail, SmtpMailer mailer, CalendarSettings calendar, TimeProvider clock)
    : ICommandHandler<SendRemindersCommand, ReminderRun>
{
    public async ValueTask<ReminderRun> Handle(SendRemindersCommand command, CancellationToken ct)
    {
        if (!mail.Enabled || calendar.ReminderDays.Count == 0)
        {
            return new ReminderRun(false, [], []);
        }
        var today = SwedishFormat.Today(clock);
        var windows = calendar.ReminderDays.Distinct().Order().ToList();
        var until = today.AddDays(windows[^1]);
        var due = await db.ReportingObligations.AsNoTracking()
            .Where(o => o.Status != ObligationStatus.Inskickad && o.DueDate >= today && o.DueDate <= until)
            // Issue 26: no reminders for a draft (being set up) or a closed-out agreement.
            .Where(o => o.Agreement.Status == AgreementStatus.Aktiv || o.Agreement.Status == AgreementStatus.Slutredovisad)
            .OrderBy(o => o.DueDate).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Title, o.Recipient, o.DueDate, o.Status, o.Owner, AgreementName = o.Agreement.Name, o.Agreement.Responsible })
            .ToListAsync(ct);
        var ids = due.Select(o => o.Id).ToList();
        var already = await db.SentReminders.AsNoTracking()
            .Where(r => ids.Contains(r.ObligationId))
            .Select(r => new { r.ObligationId, r.DueDate, r.DaysBefore })
            .ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => u.Email != null).Select(u => new { u.DisplayName, u.UserName, u.Email }).ToListAsync(ct);

        var mails = new List<(Mail Mail, int ObligationId, DateOnly DueDate, int Window, string Title)>();
        var noAddress = new List<string>();
        foreach (var o in due)
        {
            var daysLeft = o.DueDate.DayNumber - today.DayNumber;
            var window = windows.First(w => w >= daysLeft);
            if (already.Any(r => r.ObligationId == o.Id && r.DueDate == o.DueDate && r.DaysBefore == window))
            {
                continue;
            }
            var owner = o.Owner ?? o.Responsible;
            var address = AddressOf(owner, users.Select(u => (u.DisplayName, u.UserName, u.Email!)));
            if (address is null)
            {
                noAddress.Add($"{o.Title} ({SwedishFormat.Date(o.DueDate)}): ansvarig ”{owner}” har ingen e-postadress");
                continue;
            }
            mails.Add((Compose(address, o.Title, o.Recipient, o.AgreementName, o.DueDate, daysLeft, o.Status, owner, o.Id, command.BaseUrl), o.Id, o.DueDate, window, o.Title));
        }

        var sent = new List<SentReminderView>();
        await mailer.SendAsync(mails.Select(m => m.Mail).ToList(), async m =>
        {
            // Recorded as soon as the server has taken it: a failure later in the batch never sends this one twice.
            var (_, obligationId, dueDate, window, title) = mails.First(x => ReferenceEquals(x.Mail, m));
            db.SentReminders.Add(new SentReminder(obligationId, dueDate, window, m.To, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(CancellationToken.None);
            sent.Add(new SentReminderView(obligationId, title, m.To, window));
        }, ct);
        return new ReminderRun(true, sent, noAddress);
    }

    /// <summary>The owner's e-mail: the owner written as an address, or the address of the user whose name or user name it is.</summary>
    internal static string? AddressOf(string? owner, IEnumerable<(string DisplayName, string? UserName, string Email)> users)
    {
        if (string.IsNullOrWhiteSpace(owner))
        {
            return null;
        }
        var text = owner.Trim();
        if (MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal))
        {
            return mailbox.Address;
        }
        return users.FirstOrDefault(u => string.Equals(u.DisplayName, text, StringComparison.OrdinalIgnoreCase)
                                         || string.Equals(u.UserName, text, StringComparison.OrdinalIgnoreCase)).Email;
    }

    private static Mail Compose(string to, string title, string recipient, string agreement, DateOnly dueDate, int daysLeft, ObligationStatus status,
        string? owner, int id, string? baseUrl)
    {
        var when = daysLeft switch
        {
            0 => "i dag",
            1 => "i morgon",
            _ => $"om {daysLeft} dagar",
        };
        var lines = new List<string>
        {
            $"Hej {owner}!",
            "",
            $"{title} ska vara inskickad till {recipient} senast {SwedishFormat.Date(dueDate)}, {when}.",
            "",
            $"Överenskommelse: {agreement}",
            $"Status: {status.Swedish()}",
            "",
            "Öppna rapporten i GrantTracker för att se beredskapen – vad som saknas innan den kan skickas – och markera den som inskickad när den är skickad.",
        };
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            lines.Add($"{baseUrl.TrimEnd('/')}/deadlines/{id}");
        }
        lines.Add("");
        lines.Add("Det här är en automatisk påminnelse från GrantTracker. Du får den för att du är ansvarig för rapporten.");
        return new Mail(to, $"Påminnelse: {title} senast {SwedishFormat.Date(dueDate)} ({when})", string.Join("\n", lines));
    }
}
