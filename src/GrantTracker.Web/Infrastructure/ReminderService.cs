using GrantTracker.Application.Features.Reminders;
using Mediator;

namespace GrantTracker.Web.Infrastructure;

/// <summary>
/// Sends the deadline reminders by e-mail (<see cref="SendRemindersCommand"/>) at start and then every hour, when
/// <c>Smtp:Enabled</c> is on. Hourly and not daily: a run sends each reminder once (the sent ones are recorded), so a
/// restart or a missed hour costs nothing, and a deadline moved during the day is reminded the same day. Runs as
/// "system" in the audit trail.
/// </summary>
public sealed class ReminderService(IServiceScopeFactory scopes, MailSettings mail, IConfiguration configuration, TimeProvider clock,
    ILogger<ReminderService> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!mail.Enabled)
        {
            log.LogInformation("E-mail reminders are off (Smtp:Enabled).");
            return;
        }
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var run = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new SendRemindersCommand(configuration[PublicUrl.Setting]), stoppingToken);
                log.LogInformation("Reminders: {Sent} sent, {NoAddress} owners without an e-mail address.", run.Sent.Count, run.NoAddress.Count);
                foreach (var missing in run.NoAddress)
                {
                    log.LogWarning("Reminder not sent: {Obligation}", missing);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The SMTP server may be down for a while: the next run sends what this one could not.
                log.LogError(e, "Sending reminders failed; trying again in {Interval}.", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
