using MailKit.Net.Smtp;
using MimeKit;

namespace GrantTracker.Application.Features.Reminders;

/// <summary>One e-mail: to one address, a subject and a plain-text body.</summary>
public sealed record Mail(string To, string Subject, string Body);

/// <summary>
/// Sends e-mail through the configured SMTP server with MailKit, one connection per batch. Tests send through a real SMTP
/// exchange to a server in the test process, not a stand-in for this class.
/// </summary>
public sealed class SmtpMailer(MailSettings settings)
{
    /// <summary>Sends each mail in turn; <paramref name="sent"/> is called after each one the server accepted.</summary>
    public async Task SendAsync(IReadOnlyList<Mail> mails, Func<Mail, Task> sent, CancellationToken ct)
    {
        if (mails.Count == 0)
        {
            return;
        }
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, ct);
        if (settings.UserName is { } user)
        {
            await client.AuthenticateAsync(user, settings.Password ?? "", ct);
        }
        foreach (var mail in mails)
        {
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress(settings.SenderName, settings.Sender));
            message.To.Add(MailboxAddress.Parse(mail.To));
            message.Subject = mail.Subject;
            message.Body = new TextPart("plain") { Text = mail.Body };
            await client.SendAsync(message, ct);
            await sent(mail);
        }
        await client.DisconnectAsync(quit: true, ct);
    }
}
