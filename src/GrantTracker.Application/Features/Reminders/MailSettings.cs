using MailKit.Security;
using Microsoft.Extensions.Configuration;

namespace GrantTracker.Application.Features.Reminders;

/// <summary>
/// The <c>Smtp</c> section: the server reminders are sent through. Off by default (<c>Smtp:Enabled</c>): a region turns
/// it on with its own relay. <c>Security</c> is MailKit's <see cref="SecureSocketOptions"/> by name: <c>StartTls</c>
/// (default), <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c>, <c>Auto</c> or <c>None</c>; a user name means
/// authenticate with it and <c>Password</c>.
/// </summary>
public sealed record MailSettings(bool Enabled, string Host, int Port, string Sender, string SenderName, SecureSocketOptions Security, string? UserName, string? Password)
{
    public static MailSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Smtp");
        var enabled = bool.TryParse(section["Enabled"], out var on) && on;
        var security = section["Security"] is { Length: > 0 } text
            ? Enum.TryParse<SecureSocketOptions>(text, ignoreCase: true, out var parsed) ? parsed
                : throw new InvalidOperationException($"Smtp:Security '{text}' should be StartTls, SslOnConnect, StartTlsWhenAvailable, Auto or None.")
            : SecureSocketOptions.StartTls;
        var port = section["Port"] is { Length: > 0 } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 587;
        var settings = new MailSettings(enabled, section["Host"] ?? "", port, section["Sender"] ?? "", section["SenderName"] ?? "GrantTracker",
            security, string.IsNullOrWhiteSpace(section["UserName"]) ? null : section["UserName"], section["Password"]);
        if (enabled && (string.IsNullOrWhiteSpace(settings.Host) || string.IsNullOrWhiteSpace(settings.Sender)))
        {
            throw new InvalidOperationException("Smtp:Enabled is true but Smtp:Host or Smtp:Sender is not set.");
        }
        return settings;
    }
}
